import type { AmAlertSpec, TargetSpec } from "../lib/case-builder.ts";
import type { ServiceDef } from "../lib/model.ts";
import { errorRatio, maxOver, pct, quantile, rule, secs } from "../lib/rules.ts";
import type { World } from "../lib/world.ts";

export const deployment = (namespace: string, name: string): TargetSpec => ({
  kind: "Deployment",
  namespace,
  name,
});
export const flagTarget = (key: string): TargetSpec => ({ kind: "FeatureFlag", name: key });
export const nodeTarget = (name: string): TargetSpec => ({ kind: "Node", name });

const GRPC_SERVER_ERRORS = "Unknown|Internal|Unavailable|DeadlineExceeded|DataLoss";

function selector(svc: ServiceDef, namespace: string, extra = ""): string {
  return `namespace="${namespace}",service="${svc.name}"${extra}`;
}

/** The PromQL a team would write for a service's server error ratio, in its exporter's names. */
export function errorExpr(svc: ServiceDef, namespace: string): string {
  const sel = (extra = "") => selector(svc, namespace, extra);
  switch (svc.metrics) {
    case "spring":
      return `sum(rate(http_server_requests_seconds_count{${sel(',status=~"5.."')}}[5m])) / sum(rate(http_server_requests_seconds_count{${sel()}}[5m]))`;
    case "grpc":
      return `sum(rate(grpc_server_handled_total{${sel(`,grpc_code=~"${GRPC_SERVER_ERRORS}"`)}}[5m])) / sum(rate(grpc_server_handled_total{${sel()}}[5m]))`;
    case "starlette":
      return `sum(rate(starlette_requests_total{${sel(',status_code=~"5.."')}}[5m])) / sum(rate(starlette_requests_total{${sel()}}[5m]))`;
    case "worker":
      return `sum(rate(events_processed_total{${sel(',outcome="error"')}}[5m])) / sum(rate(events_processed_total{${sel()}}[5m]))`;
    default:
      return `sum(rate(http_requests_total{${sel(',code=~"5.."')}}[5m])) / sum(rate(http_requests_total{${sel()}}[5m]))`;
  }
}

const HIST: Record<string, string> = {
  http: "http_request_duration_seconds_bucket",
  spring: "http_server_requests_seconds_bucket",
  grpc: "grpc_server_handling_seconds_bucket",
  starlette: "starlette_requests_processing_time_seconds_bucket",
};
const BUCKETS: Record<string, number[]> = {
  http: [0.025, 0.1, 0.25, 1, 2.5],
  spring: [0.025, 0.1, 0.25, 1, 2.5],
  grpc: [0.025, 0.1, 0.25, 1, 2.5],
  starlette: [0.025, 0.1, 0.25, 1, 2.5],
};

export function latencyExpr(svc: ServiceDef, namespace: string, q: number): string {
  if (svc.metrics === "custom") return `max(pod_server_latency_p90_seconds{service="${svc.name}"})`;
  return `histogram_quantile(${q}, sum by (le) (rate(${HIST[svc.metrics] ?? "http_request_duration_seconds_bucket"}{${selector(svc, namespace)}}[5m])))`;
}

export function latencyValue(svc: ServiceDef, q: number): (w: World, t: number) => number {
  if (svc.metrics === "custom") return (w, t) => w.quantile(svc.name, 0.9, t) * 1.04;
  return quantile(svc.name, q, BUCKETS[svc.metrics]);
}

export interface AlertOpts {
  alertname: string;
  labels: Record<string, string>;
  threshold: number;
  forSec?: number;
  summary?: string;
  runbook?: string;
}

export function errorAlert(svc: ServiceDef, namespace: string, opts: AlertOpts): AmAlertSpec {
  if (svc.metrics === "custom") {
    return {
      labels: { alertname: opts.alertname, ...opts.labels },
      summary: opts.summary ?? `${svc.name} success rate below ${100 - opts.threshold * 100}%`,
      description: (v) =>
        `min(pod_success_rate_percent{service="${svc.name}"}) is ${(100 - v * 100).toFixed(2)} (threshold ${100 - opts.threshold * 100}).`,
      expr: `min(pod_success_rate_percent{service="${svc.name}"}) < ${100 - opts.threshold * 100}`,
      ...rule((w, t) => w.errorRatio(svc.name, t), ">", opts.threshold, opts.forSec ?? 120),
      ...(opts.runbook ? { runbook: opts.runbook } : {}),
    };
  }
  return {
    labels: { alertname: opts.alertname, ...opts.labels },
    summary: opts.summary ?? `High error ratio on ${svc.name}`,
    description: (v) =>
      `${pct(v, 2)} of ${svc.name} requests failed over the last 5m (threshold ${pct(opts.threshold, 0)}).`,
    expr: `${errorExpr(svc, namespace)} > ${opts.threshold}`,
    ...rule(errorRatio(svc.name), ">", opts.threshold, opts.forSec ?? 120),
    ...(opts.runbook ? { runbook: opts.runbook } : {}),
  };
}

export function latencyAlert(svc: ServiceDef, namespace: string, q: number, opts: AlertOpts): AmAlertSpec {
  const label = svc.metrics === "custom" ? "p90" : `p${Math.round(q * 100)}`;
  return {
    labels: { alertname: opts.alertname, ...opts.labels },
    summary: opts.summary ?? `${svc.name} ${label} latency above ${secs(opts.threshold)}`,
    description: (v) => `${label} latency of ${svc.name} is ${secs(v)} (threshold ${secs(opts.threshold)}).`,
    expr: `${latencyExpr(svc, namespace, q)} > ${opts.threshold}`,
    ...rule(latencyValue(svc, q), ">", opts.threshold, opts.forSec ?? 120),
    ...(opts.runbook ? { runbook: opts.runbook } : {}),
  };
}

/** kube-prometheus labels: alerts on kube-state-metrics series name the exporter as `service`. */
export const KSM_LABELS = {
  container: "kube-state-metrics",
  endpoint: "http",
  job: "kube-state-metrics",
  service: "kube-prometheus-stack-kube-state-metrics",
};

export function crashLoopingPod(w: World, service: string, t: number): string | undefined {
  for (const pod of w.podsOf(service)) {
    const ended = pod.runs.some((r) => r.to !== undefined && r.to <= t && r.exit?.reason !== "Completed");
    if (
      ended &&
      w.runAt(pod, t) === undefined &&
      pod.createdAt <= t &&
      (pod.deletedAt === undefined || t < pod.deletedAt)
    )
      return pod.name;
  }
  return undefined;
}

export const crashLooping = (service: string) =>
  maxOver((w, t) => (crashLoopingPod(w, service, t) ? 1 : 0), 300);

export function fx(
  service: string,
  channel: string,
  at: number,
  value: number,
  more: { ramp?: number; until?: number; recover?: number; growth?: "step" | "linear" } = {},
) {
  return { service, channel, at, value, ...more };
}
