import { SIGNAL_RULES } from "./signal-rules.ts";

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
  /** Node-level series (node_exporter, node CPU, kube node conditions) describe the host, not the workload. */
  scope: "node" | "workload";
  /**
   * For a client-side series (the caller's view of a call), the dependency it measures, from
   * `upstream`, `peer_service`, `destination_service`, `target_service` or `client_name`; null otherwise.
   */
  peer: string | null;
}

// postgres_exporter breaks the suffix convention both ways: these `_count`s are gauges, and
// pg_stat_database / pg_stat_bgwriter columns are counters without a suffix.
const GAUGES_WITH_COUNTER_SUFFIX = /^pg_(stat_activity|locks|stat_activity_max_tx)_count$/;
const COUNTERS_WITHOUT_SUFFIX =
  /^pg_stat_database_(xact_|blks_|tup_|deadlocks|conflicts|temp_)|^pg_stat_bgwriter_(?!.*_ts$)/;
const PEER_LABELS = ["upstream", "peer_service", "destination_service", "target_service", "client_name"];

function isCounterName(name: string): boolean {
  if (GAUGES_WITH_COUNTER_SUFFIX.test(name)) return false;
  return /_(total|count|sum|bucket)$/.test(name) || COUNTERS_WITHOUT_SUFFIX.test(name);
}

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
  for (const rule of SIGNAL_RULES) {
    const answer = rule(name, labels);
    if (answer !== null) {
      signal = answer;
      break;
    }
  }
  return {
    signal,
    isCounter: isCounterName(name),
    isBucket: name.endsWith("_bucket"),
    unitHint: unitOf(name),
    worseWhen: worseWhenOf(signal, name),
    scope: /^(node_|kube_node_)/.test(name) ? "node" : "workload",
    peer: PEER_LABELS.map((key) => labels[key]).find((value) => value !== undefined && value !== "") ?? null,
  };
}
