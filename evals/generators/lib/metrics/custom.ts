import type { PodPlan, ServiceDef } from "../model.ts";
import { latencyQuantile } from "../stats.ts";
import type { World } from "../world.ts";
import { nodeUsage } from "./infra.ts";
import { fmtSig, gauge, type SeriesOut } from "./series.ts";

/**
 * A home-grown exporter with no standard names (like Nezha's recordings): per-pod gauges of
 * latency percentiles, workload, success rate and resource use. The pipeline has to judge these
 * by labels and shape.
 */
export function customPodMetrics(world: World, svc: ServiceDef, pod: PodPlan): SeriesOut[] {
  const node = world.platform.nodes.find((n) => n.name === pod.node);
  const labels = { service: svc.name, pod: pod.name, namespace: pod.namespace, node: node?.ip ?? pod.node };
  const up = (t: number) => world.scraped(pod, t);
  const jitter = (key: string, t: number, sd: number) =>
    Math.max(0.3, 1 + world.noise(`${pod.name}|${key}`, t) * sd);
  const callees = world.platform.edges
    .filter((e) => e.from === svc.name)
    .map((e) => e.to)
    .filter((name) => world.services.has(name));
  const clientP90 = (t: number) => {
    let worst = 0;
    for (const callee of callees) {
      const v = latencyQuantile(world.latency(callee, t), 0.9) + world.ch(callee, "net", t);
      worst = Math.max(worst, v);
    }
    return worst;
  };
  const series: Array<[string, (t: number) => number | undefined]> = [
    [
      "pod_server_latency_p90_seconds",
      (t) => (up(t) ? world.quantile(svc.name, 0.9, t) * jitter("p90", t, 0.06) : undefined),
    ],
    [
      "pod_server_latency_p99_seconds",
      (t) => (up(t) ? world.quantile(svc.name, 0.99, t) * jitter("p99", t, 0.12) : undefined),
    ],
    ["pod_workload_ops", (t) => (up(t) ? world.podRps(pod, t) : undefined)],
    ["pod_success_rate_percent", (t) => (up(t) ? 100 * (1 - world.errorRatio(svc.name, t)) : undefined)],
    [
      "cpu_usage_rate_percent",
      (t) => (up(t) ? (100 * world.podCpu(pod, t).used) / (svc.cpuLimit ?? 1) : undefined),
    ],
    ["memory_usage_mebibytes", (t) => (up(t) ? world.podMemMiB(pod, t) : undefined)],
    [
      "node_cpu_usage_rate_percent",
      (t) => (up(t) && node ? (100 * nodeUsage(world, node, t).cpu) / node.cpu : undefined),
    ],
  ];
  if (callees.length > 0) {
    series.push([
      "pod_client_latency_p90_seconds",
      (t) => (up(t) ? clientP90(t) * jitter("cp90", t, 0.08) : undefined),
    ]);
  }
  return series
    .map(([name, fn]) => gauge({ __name__: name, ...labels }, world.times, fn, (v) => fmtSig(v, 5)))
    .filter((s): s is SeriesOut => s !== null);
}
