import type { SignalKind } from "./classify-signal.ts";

type Labels = Readonly<Record<string, string | undefined>>;
type Rule = (name: string, labels: Labels) => SignalKind | null;

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
export const LATENCY =
  /latency|duration|response_?time|resp_time|(^|_)p\d{2,3}(_|$)|quantile|rtt|elapsed|_seconds|_milliseconds|_ms$/;

/** Whether the outcome labels say the request failed on the server side; null without an HTTP/gRPC outcome. */
function outcomeIsError(labels: Labels): boolean | null {
  for (const key of OUTCOME_LABELS) {
    const value = labels[key];
    // kube-state-metrics uses status="true|false|unknown"; only HTTP-like codes are outcomes.
    if (value !== undefined && /^\d{3}$|^\dxx$/i.test(value)) return /^5\d\d$|^5xx$|^429$/i.test(value);
  }
  if (labels.grpc_code !== undefined) return GRPC_SERVER_ERRORS.has(labels.grpc_code);
  if (labels.outcome !== undefined) return labels.outcome.toUpperCase() === "SERVER_ERROR";
  return null;
}

/**
 * Ordered: the first rule that answers wins. Specific families come before generic fragments
 * (container_cpu_usage_seconds_total is CPU, not latency; hikaricp_connections_pending is a
 * pool wait, not pool usage; a histogram's _count counts requests).
 */
export const SIGNAL_RULES: Rule[] = [
  (name) => (/(cert|ssl|tls|x509)/.test(name) && /(expir|not_?after)/.test(name) ? "cert-expiry" : null),
  (name) => (/^coredns_|dns/.test(name) ? "dns" : null),
  (name, labels) =>
    /oom/.test(name) ||
    labels.reason === "OOMKilled" ||
    (/mem/.test(name) && /limit|_max(_|$)/.test(name)) ||
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
  (name) => (/(tx|transaction|query|statement)_duration/.test(name) ? "latency" : null),
  (name) =>
    /pool|hikari|pgbouncer|connections|connected_clients|conn_|pg_stat_activity|numbackends/.test(name)
      ? "pool-usage"
      : null,
  (name) => (/(^|_)lag(_|$)|lag_seconds|behind|replication_delay/.test(name) ? "lag" : null),
  (name) => (/disk|filesystem|(^|_)fs_|volume|inode|storage|pvc/.test(name) ? "disk" : null),
  (name) =>
    /network|(^|_)net_|tcp|udp|packet|retrans|bandwidth|(receive|transmit)(_|$)|bytes_(received|sent|transmitted)/.test(
      name,
    )
      ? "network"
      : null,
  (name) => (/^kube_node_status_condition|_ready(_|$)|ready_status/.test(name) ? "availability" : null),
  // A latency histogram or summary with a status label is still latency; only its _count counts requests.
  (name) => (LATENCY.test(name) && /_(bucket|sum|max)$|quantile/.test(name) ? "latency" : null),
  (name, labels) => {
    const error = outcomeIsError(labels);
    if (error === true) return "errors";
    if (error === false || (LATENCY.test(name) && name.endsWith("_count"))) {
      return LATENCY.test(name) && !name.endsWith("_count") ? "latency" : "requests";
    }
    return /error|fail|5xx|exception|panic|fault|reject/.test(name) ? "errors" : null;
  },
  (name) =>
    /success|availab|(^|_)up$|^up$|probe_success|healthy|unavailable/.test(name) ? "availability" : null,
  (name) => (/start_time|timestamp|created/.test(name) ? "other" : null),
  (name) => (LATENCY.test(name) ? "latency" : null),
  (name) =>
    /request|rps|qps|throughput|workload|handled|calls|hits|(^|_)ops(_|$)|served|messages|commands|xact_commit|transactions|traffic/.test(
      name,
    )
      ? "requests"
      : null,
  (name) =>
    /utili[sz]ation|saturation|queue|in_?flight|concurrency|load\d*$|threads|busy|replicas|backlog|pending|locks?(_|$)/.test(
      name,
    )
      ? "saturation"
      : null,
];
