export type SignalKind =
  | "errors"
  | "requests"
  | "latency"
  | "cpu"
  | "cpu-throttle"
  | "memory"
  | "memory-limit"
  | "restarts"
  | "pool-usage"
  | "pool-wait"
  | "lag"
  | "disk"
  | "network"
  | "saturation"
  | "availability"
  | "cert-expiry"
  | "dns"
  | "other";

export type UnitHint =
  | "seconds"
  | "milliseconds"
  | "microseconds"
  | "bytes"
  | "mebibytes"
  | "percent"
  | "ratio"
  | "cores"
  | "millicores"
  | "timestamp"
  | "count"
  | "unknown";

export interface SignalClass {
  signal: SignalKind;
  /** A cumulative counter (Prometheus suffix `_total`, `_count`, `_sum`, `_bucket`): needs a rate first. */
  isCounter: boolean;
  /** A histogram `_bucket` series (has an `le` label). */
  isBucket: boolean;
  unitHint: UnitHint;
  /** Which way the value moves when things are bad. */
  worseWhen: "up" | "down" | "both";
  /** Node-level series (node_exporter, node CPU) describe the host, not the workload. */
  scope: "node" | "workload";
}

const OUTCOME_LABELS = [
  "code",
  "status",
  "status_code",
  "response_code",
  "http_status",
  "http_response_status_code",
];
// gRPC codes that mean the server (or what it depends on) failed, not the caller.
const GRPC_SERVER_ERRORS = new Set([
  "Unknown",
  "DeadlineExceeded",
  "Internal",
  "Unavailable",
  "DataLoss",
  "Unimplemented",
  "ResourceExhausted",
]);
const LATENCY =
  /latency|duration|response_?time|resp_time|(^|_)p\d{2,3}(_|$)|quantile|rtt|elapsed|_seconds|_milliseconds|_ms$/;

type Rule = (name: string, labels: Readonly<Record<string, string | undefined>>) => SignalKind | null;

function outcomeIsError(labels: Readonly<Record<string, string | undefined>>): boolean | null {
  for (const key of OUTCOME_LABELS) {
    const value = labels[key];
    if (value !== undefined) return /^5\d\d$|^5xx$|^429$/i.test(value);
  }
  if (labels.grpc_code !== undefined) return GRPC_SERVER_ERRORS.has(labels.grpc_code);
  if (labels.outcome !== undefined) return labels.outcome.toUpperCase() === "SERVER_ERROR";
  return null;
}

// Ordered: the first rule that answers wins. Specific families come before generic fragments
// (container_cpu_usage_seconds_total is CPU, not latency; hikaricp_connections_pending is a
// pool wait, not pool usage).
const RULES: Rule[] = [
  (name) => (/(cert|ssl|tls|x509)/.test(name) && /(expir|not_?after)/.test(name) ? "cert-expiry" : null),
  (name) => (/^coredns_|dns/.test(name) ? "dns" : null),
  (name, labels) =>
    /oom/.test(name) ||
    (labels.reason ?? "") === "OOMKilled" ||
    (/mem/.test(name) && /limit/.test(name)) ||
    (/resource_limits/.test(name) && labels.resource === "memory")
      ? "memory-limit"
      : null,
  (name) => (/restart|last_terminated|crashloop|waiting_reason/.test(name) ? "restarts" : null),
  (name) => (/throttl/.test(name) ? "cpu-throttle" : null),
  (name, labels) =>
    /cpu/.test(name) || (/resource_/.test(name) && labels.resource === "cpu") ? "cpu" : null,
  (name) => (/mem|heap|rss|working_set|^jvm_gc|_gc_/.test(name) ? "memory" : null),
  (name) =>
    /pool|hikari|pgbouncer|conn|db_client|sql_/.test(name) && /pending|wait|timeout|acquire|queue/.test(name)
      ? "pool-wait"
      : null,
  (name) =>
    /pool|hikari|pgbouncer|connections|conn_|pg_stat_activity|numbackends/.test(name) ? "pool-usage" : null,
  (name) => (/(^|_)lag(_|$)|lag_seconds|behind|replication_delay/.test(name) ? "lag" : null),
  (name) => (/disk|filesystem|(^|_)fs_|volume|inode|storage|pvc/.test(name) ? "disk" : null),
  (name) =>
    /network|(^|_)net_|tcp|udp|packet|retrans|bandwidth|(receive|transmit)(_|$)|bytes_(received|sent|transmitted)/.test(
      name,
    )
      ? "network"
      : null,
  // A latency histogram or summary with a status label is still latency; only its _count counts requests.
  (name) => (LATENCY.test(name) && /_(bucket|sum|max)$|quantile/.test(name) ? "latency" : null),
  (name, labels) => {
    const error = outcomeIsError(labels);
    if (error !== null)
      return error ? "errors" : LATENCY.test(name) && !name.endsWith("_count") ? "latency" : "requests";
    return /error|fail|5xx|exception|panic|fault|reject/.test(name) ? "errors" : null;
  },
  (name) =>
    /success|availab|(^|_)up$|^up$|probe_success|healthy|ready|unavailable/.test(name)
      ? "availability"
      : null,
  (name) => (/start_time|timestamp|created/.test(name) ? "other" : null),
  (name) => (LATENCY.test(name) ? "latency" : null),
  (name) =>
    /request|rps|qps|throughput|workload|handled|calls|hits|(^|_)ops(_|$)|served|messages|traffic/.test(name)
      ? "requests"
      : null,
  (name) =>
    /utili[sz]ation|saturation|queue|in_?flight|concurrency|load\d*$|threads|busy|replicas|backlog|pending/.test(
      name,
    )
      ? "saturation"
      : null,
];

function unitOf(name: string): UnitHint {
  if (/timestamp|expir|not_?after/.test(name)) return "timestamp";
  if (/_seconds(_|$)/.test(name)) return "seconds";
  if (/_milliseconds(_|$)|_ms$/.test(name)) return "milliseconds";
  if (/_microseconds(_|$)|_us$/.test(name)) return "microseconds";
  if (/_mebibytes|_mib$/.test(name)) return "mebibytes";
  if (/_bytes(_|$)/.test(name)) return "bytes";
  if (/percent|_pct$/.test(name)) return "percent";
  if (/_ratio$/.test(name)) return "ratio";
  if (/millicores/.test(name)) return "millicores";
  if (/_cores$/.test(name)) return "cores";
  if (/_(total|count)$/.test(name)) return "count";
  return "unknown";
}

function worseWhenOf(signal: SignalKind, name: string): SignalClass["worseWhen"] {
  if (signal === "availability") return /unavailable/.test(name) ? "up" : "down";
  if (signal === "cert-expiry") return "down";
  if (/avail|free/.test(name)) return "down";
  if (signal === "requests" || signal === "network" || signal === "other") return "both";
  return "up";
}

/**
 * What a series measures, from its metric name (`__name__`) and labels. Well-known exporters
 * (Prometheus HTTP/gRPC conventions, Spring, cAdvisor, kube-state-metrics, node_exporter,
 * HikariCP, PgBouncer, postgres_exporter, Kafka lag, blackbox, CoreDNS) are recognised through
 * their names and outcome labels; anything else falls back to name fragments (latency, cpu,
 * mem, error, restart, lag, pool, disk, success_rate, ...), so unknown exporters still classify.
 */
export function classifySignal(labels: Readonly<Record<string, string | undefined>>): SignalClass {
  const original = labels.__name__ ?? "";
  const name = original.toLowerCase();
  let signal: SignalKind = "other";
  for (const rule of RULES) {
    const answer = rule(name, labels);
    if (answer !== null) {
      signal = answer;
      break;
    }
  }
  return {
    signal,
    isCounter: /_(total|count|sum|bucket)$/.test(name),
    isBucket: name.endsWith("_bucket"),
    unitHint: unitOf(name),
    worseWhen: worseWhenOf(signal, name),
    scope: /^node_/.test(name) ? "node" : "workload",
  };
}
