import { describe, expect, it } from "vitest";
import { classifyLogCause, matchLogCause } from "../../../src/analysis/classify-log-cause.ts";

describe("classifyLogCause", () => {
  it.each([
    ['Exception in thread "main" java.lang.OutOfMemoryError: Java heap space', "memory-leak"],
    ["FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory", "memory-leak"],
    ["Memory cgroup out of memory: Killed process 4242 (java) total-vm:2097152kB", "oom-kill"],
    ["fatal error: runtime: out of memory", "oom-kill"],
    ["Last State: Terminated, Reason: OOMKilled, Exit Code: 137", "oom-kill"],
    ["write /var/lib/data/segment-0042: No space left on device", "disk-full"],
    ["PANIC: could not write to file pg_wal/xlogtemp.123: No space left on device", "disk-full"],
    ['Get "https://api.stripe.com": x509: certificate has expired or is not yet valid', "certificate-expiry"],
    ["javax.net.ssl.SSLHandshakeException: PKIX path validation failed", "certificate-expiry"],
    ["dial tcp: lookup payments-db.prod.svc.cluster.local on 10.96.0.10:53: no such host", "dns-failure"],
    ["getaddrinfo EAI_AGAIN redis.cache.svc", "dns-failure"],
    [
      "HikariPool-1 - Connection is not available, request timed out after 30000ms.",
      "connection-pool-exhaustion",
    ],
    ["FATAL: sorry, too many clients already", "connection-pool-exhaustion"],
    [
      "QueuePool limit of size 5 overflow 10 reached, connection timed out, timeout 30",
      "connection-pool-exhaustion",
    ],
    ["ERROR: canceling statement due to statement timeout", "database-slow"],
    ["Lock wait timeout exceeded; try restarting transaction", "database-slow"],
    ['ERROR: relation "orders_v2" does not exist at character 15', "schema-migration"],
    ['ERROR: column "discount_code" of relation "orders" does not exist', "schema-migration"],
    ["Unknown column 'tier' in 'field list'", "schema-migration"],
    ["upstream responded 429 Too Many Requests", "rate-limited"],
    ["stripe: rate limit exceeded, retry after 2s", "rate-limited"],
    ["rpc error: code = DeadlineExceeded desc = context deadline exceeded", "dependency-failure"],
    ["dial tcp 10.0.3.4:6379: connect: connection refused", "dependency-failure"],
    [
      "upstream connect error or disconnect/reset before headers. reset reason: connection failure",
      "dependency-failure",
    ],
    ["error evaluating feature flag new-checkout-flow, using default", "feature-flag"],
    ['Failed to pull image "registry.example.com/shop/cart:v9.9.9": manifest unknown', "image-pull"],
    ["Back-off restarting failed container checkout in pod checkout-7d9f8b6c5-x2x9q", "crash-loop"],
    ["failed to load config: yaml: line 12: mapping values are not allowed here", "config-change"],
    ["LOG:  duration: 4974.109 ms  execute <unnamed>: SELECT p.id FROM products p", "database-slow"],
    [
      "LOG:  process 6252 still waiting for RowExclusiveLock on relation 16412 after 1000.0 ms",
      "database-slow",
    ],
    ["closing because: query_wait_timeout (age=120s)", "connection-pool-exhaustion"],
    ["upstream request failed: socket hang up", "dependency-failure"],
    ["[GC (Allocation Failure) ... Full GC (Ergonomics) 1023M->1021M(1024M), 2.31 secs]", "memory-leak"],
  ])("reads %j as %s", (text, kind) => {
    expect(classifyLogCause(text)).toBe(kind);
  });

  it("answers null for ordinary messages", () => {
    expect(classifyLogCause("GetCartAsync called with userId=42")).toBeNull();
    expect(classifyLogCause("request completed in 12ms status=200")).toBeNull();
  });

  it("prefers the specific cause: a pool timeout is not a plain dependency timeout", () => {
    expect(matchLogCause("timeout acquiring connection from pool after 5000ms: connection refused")).toEqual({
      kind: "connection-pool-exhaustion",
      cue: "timeout acquiring connection",
    });
  });

  it("still classifies masked templates where the cue has no number in it", () => {
    expect(classifyLogCause("query failed: pq: relation <STR> does not exist")).toBe("schema-migration");
    expect(classifyLogCause("Memory cgroup out of memory: Killed process <NUM> (java)")).toBe("oom-kill");
  });
});
