import type { RootCauseKind } from "../domain/index.ts";

interface Cue {
  kind: RootCauseKind;
  pattern: RegExp;
}

// Phrases real software prints, most specific first: a runtime heap error is a leak before it
// is an OOM kill, a pool timeout must not read as a plain dependency timeout, a statement
// timeout not as a deadline. Sources: Linux OOM killer,
// JVM/Node/Go/Python runtimes, glibc resolver, Go net/crypto, OpenSSL, PostgreSQL, MySQL,
// HikariCP, SQLAlchemy, gRPC, Envoy, kubelet.
const CUES: Cue[] = [
  {
    kind: "memory-leak",
    pattern:
      /OutOfMemoryError|heap out of memory|GC overhead limit exceeded|Java heap space|MemoryError|std::bad_alloc|Full GC \(|\bgc pause/i,
  },
  {
    kind: "oom-kill",
    pattern:
      /OOMKilled|\bOOM[- ]?kill|oom_kill|Out of memory: Kill(ed)? process|Killed process (\d+|<NUM>)|memory cgroup out of memory|runtime: out of memory|\bout of memory\b|Cannot allocate memory|exit code 137/i,
  },
  {
    kind: "disk-full",
    pattern:
      /No space left on device|ENOSPC|disk (is )?full|disk quota exceeded|could not extend file|filesystem (is )?full|insufficient disk space|DiskPressure/i,
  },
  {
    kind: "certificate-expiry",
    pattern:
      /\bx509\b|certificate (has )?expired|expired certificate|CERT_HAS_EXPIRED|certificate verify failed|SSLHandshakeException|PKIX path|tls: bad certificate|certificate is not valid/i,
  },
  {
    kind: "dns-failure",
    pattern:
      /no such host|NXDOMAIN|SERVFAIL|Name or service not known|Temporary failure in name resolution|could not resolve host|getaddrinfo (ENOTFOUND|EAI_AGAIN)|UnknownHostException|server misbehaving|dns (lookup|resolution) (failed|error)/i,
  },
  {
    kind: "connection-pool-exhaustion",
    pattern:
      /connection pool|pool (is )?(exhausted|full)|(timeout|timed out) (while )?(acquiring|waiting for|obtaining) (a )?(connection|idle object)|Connection is not available, request timed out|too many clients|too many connections|remaining connection slots are reserved|QueuePool limit|unable to acquire (a )?connection|could not obtain (a )?connection|max_?connections|max_client_conn|query_wait_timeout/i,
  },
  {
    kind: "schema-migration",
    pattern:
      /relation \S+ does not exist|column \S+( of relation \S+)? does not exist|Unknown column|no such (table|column)|Table \S+ doesn't exist|undefined (column|table)|Invalid object name|migration .*(failed|error|dirty)|schema (version )?mismatch|flyway|liquibase/i,
  },
  {
    kind: "database-slow",
    pattern:
      /slow query|canceling statement due to (statement|lock) timeout|statement timeout|lock wait timeout|deadlock (detected|found)|could not obtain lock|query (read )?(timed out|timeout)|duration: \S+ ms +(execute|statement)|still waiting for \w*Lock|long[- ]running (query|transaction)|waiting for (table )?lock/i,
  },
  {
    kind: "rate-limited",
    pattern:
      /Too Many Requests|\b(status|code|http)[\s=:]*429\b|\b429\b.{0,20}(too many|rate)|rate[- ]?limit(ed|ing| exceeded)?|quota exceeded|RESOURCE_EXHAUSTED|throttled by/i,
  },
  {
    kind: "image-pull",
    pattern: /ErrImagePull|ImagePullBackOff|pull access denied|manifest unknown|failed to pull image/i,
  },
  { kind: "crash-loop", pattern: /CrashLoopBackOff|Back-off restarting failed container/i },
  {
    kind: "node-failure",
    pattern: /NodeNotReady|node \S+ (is )?not ready|kubelet stopped posting node status/i,
  },
  {
    kind: "feature-flag",
    pattern:
      /feature[ _-]?flag|flag evaluation|evaluat(ing|ed|e) (feature )?flag|launchdarkly|unleash|flagd|openfeature|feature toggle/i,
  },
  {
    kind: "config-change",
    pattern:
      /invalid config(uration)?|config(uration)? (error|invalid|parse error)|failed to (load|parse|read) config|missing required (config|configuration|env|setting)|unknown (config|configuration) (key|option)|CreateContainerConfigError/i,
  },
  { kind: "cpu-saturation", pattern: /cpu throttl|CPU (usage )?(limit|saturat)/i },
  { kind: "network-latency", pattern: /no route to host|network is unreachable|EHOSTUNREACH|packet loss/i },
  {
    kind: "dependency-failure",
    pattern:
      /deadline exceeded|DEADLINE_EXCEEDED|connection refused|ECONNREFUSED|connection reset|ECONNRESET|broken pipe|upstream connect error|no healthy upstream|\bUNAVAILABLE\b|Service Unavailable|Bad Gateway|Gateway Time-?out|i\/o timeout|circuit breaker (is )?open|(read|connect|request) timed? ?out|ETIMEDOUT|socket hang up|did not respond|LOADING Redis is loading/i,
  },
];

/** The root-cause kind a log message points at, with the cue that matched, or null. */
export function matchLogCause(text: string): { kind: RootCauseKind; cue: string } | null {
  for (const { kind, pattern } of CUES) {
    const match = pattern.exec(text);
    if (match) return { kind, cue: match[0] };
  }
  return null;
}

/**
 * The root-cause kind a log message or template points at ("No space left on device" →
 * disk-full, "x509: certificate has expired" → certificate-expiry, ...), or null when it names
 * none. Works on raw messages and on templates; status codes such as 429 survive only in raw text.
 */
export function classifyLogCause(text: string): RootCauseKind | null {
  return matchLogCause(text)?.kind ?? null;
}
