import type { NodeDef, PodPlan } from "../model.ts";
import type { World } from "../world.ts";
import { fmtFixed, fmtInt, gauge, podCumulative, type SeriesOut } from "./series.ts";

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

/** cAdvisor (kubelet `/metrics/cadvisor`) per container, trimmed to the usual join labels. */
export function cadvisorMetrics(world: World, pod: PodPlan): SeriesOut[] {
  const { platform } = world;
  const svc = world.svc(pod.service);
  const labels = {
    namespace: pod.namespace,
    pod: pod.name,
    container: svc.name,
    node: pod.node,
    job: "kubelet",
  };
  const out: Array<SeriesOut | null> = [];
  const cpu = podCumulative(
    world,
    pod,
    1,
    (t, dt) => [world.podCpu(pod, t).used * dt],
    (run) => [world.podCpu(pod, world.start).used * (world.start - run.from) * 0.85],
  );
  out.push(
    gauge(
      { __name__: "container_cpu_usage_seconds_total", ...labels },
      world.times,
      (t) => cpu.get(t)?.[0],
      (v) => fmtFixed(v, 1),
    ),
  );
  out.push(
    gauge(
      { __name__: "container_memory_working_set_bytes", ...labels },
      world.times,
      (t) => (world.scraped(pod, t) ? Math.round(world.podMemMiB(pod, t) * MIB) : undefined),
      fmtInt,
    ),
  );
  if (platform.infra.memoryLimits) {
    out.push(
      gauge(
        { __name__: "container_spec_memory_limit_bytes", ...labels },
        world.times,
        (t) => (world.scraped(pod, t) ? svc.memLimitMiB * MIB : undefined),
        fmtInt,
      ),
    );
  }
  if (platform.infra.throttling && svc.cpuLimit !== undefined) {
    const throttled = podCumulative(
      world,
      pod,
      1,
      (t, dt) => [Math.round(world.podCpu(pod, t).throttled * 10 * dt)],
      (run) => [Math.round((world.start - run.from) * 10 * 0.04)],
    );
    out.push(
      gauge(
        { __name__: "container_cpu_cfs_throttled_periods_total", ...labels },
        world.times,
        (t) => throttled.get(t)?.[0],
        fmtInt,
      ),
    );
  }
  return out.filter((s): s is SeriesOut => s !== null);
}

const exists = (pod: PodPlan, t: number) =>
  pod.createdAt <= t && (pod.deletedAt === undefined || t < pod.deletedAt);

/** kube-state-metrics: restarts, waiting and last-terminated reasons per container. */
export function ksmPodMetrics(world: World, pod: PodPlan): SeriesOut[] {
  const svc = world.svc(pod.service);
  const labels = { namespace: pod.namespace, pod: pod.name, container: svc.name, job: "kube-state-metrics" };
  const out: Array<SeriesOut | null> = [];
  const first = pod.runs[0]?.from ?? Number.POSITIVE_INFINITY;
  out.push(
    gauge(
      { __name__: "kube_pod_container_status_restarts_total", ...labels },
      world.times,
      (t) =>
        exists(pod, t)
          ? pod.restartsBefore + pod.runs.filter((r) => r.from <= t && r.from > first).length
          : undefined,
      fmtInt,
    ),
  );
  const waitingReason = pod.waiting?.reason === "ImagePullBackOff" ? "ImagePullBackOff" : "CrashLoopBackOff";
  const waiting = gauge(
    { __name__: "kube_pod_container_status_waiting_reason", ...labels, reason: waitingReason },
    world.times,
    (t) => {
      if (!exists(pod, t) || pod.unreachableFrom !== undefined) return undefined;
      if (pod.phase === "Pending") return t > pod.createdAt + 20 ? 1 : undefined;
      const ended = pod.runs.some((r) => r.to !== undefined && r.to <= t && r.exit?.reason !== "Completed");
      return ended && world.runAt(pod, t) === undefined ? 1 : undefined;
    },
    fmtInt,
  );
  out.push(waiting);
  for (const reason of ["OOMKilled", "Error"]) {
    const since = pod.runs.find((r) => r.exit?.reason === reason && r.to !== undefined)?.to;
    if (since === undefined) continue;
    out.push(
      gauge(
        { __name__: "kube_pod_container_status_last_terminated_reason", ...labels, reason },
        world.times,
        (t) => {
          if (!exists(pod, t) || t < since) return undefined;
          const last = [...pod.runs].reverse().find((r) => r.to !== undefined && r.to <= t);
          return last?.exit?.reason === reason ? 1 : 0;
        },
        fmtInt,
      ),
    );
  }
  return out.filter((s): s is SeriesOut => s !== null);
}

export function ksmWorkloadMetrics(world: World): SeriesOut[] {
  const out: Array<SeriesOut | null> = [];
  for (const svc of world.services.values()) {
    const namespace = world.namespaceOf(svc.name);
    const ready = (t: number) => world.podsOf(svc.name).filter((p) => world.serving(p, t)).length;
    if (svc.workload === "Deployment") {
      out.push(
        gauge(
          {
            __name__: "kube_deployment_status_replicas_available",
            namespace,
            deployment: svc.name,
            job: "kube-state-metrics",
          },
          world.times,
          ready,
          fmtInt,
        ),
      );
    } else if (svc.workload === "StatefulSet") {
      out.push(
        gauge(
          {
            __name__: "kube_statefulset_status_replicas_ready",
            namespace,
            statefulset: svc.name,
            job: "kube-state-metrics",
          },
          world.times,
          ready,
          fmtInt,
        ),
      );
    }
    if (svc.hpa) {
      const hpa = svc.hpa;
      out.push(
        gauge(
          {
            __name__: "kube_horizontalpodautoscaler_status_current_replicas",
            namespace,
            horizontalpodautoscaler: svc.name,
            job: "kube-state-metrics",
          },
          world.times,
          (t) =>
            Math.max(hpa.min, world.podsOf(svc.name).filter((p) => exists(p, t) && !p.terminatingAt).length),
          fmtInt,
        ),
      );
      out.push(
        gauge(
          {
            __name__: "kube_horizontalpodautoscaler_spec_max_replicas",
            namespace,
            horizontalpodautoscaler: svc.name,
            job: "kube-state-metrics",
          },
          world.times,
          () => hpa.max,
          fmtInt,
        ),
      );
    }
  }
  for (const node of world.platform.nodes) {
    const down = downAt(world, node);
    out.push(
      gauge(
        {
          __name__: "kube_node_status_condition",
          node: node.name,
          condition: "Ready",
          status: "true",
          job: "kube-state-metrics",
        },
        world.times,
        (t) => (down !== undefined && t >= down + 42 ? 0 : 1),
        fmtInt,
      ),
    );
  }
  return out.filter((s): s is SeriesOut => s !== null);
}

function downAt(world: World, node: NodeDef): number | undefined {
  const effect = world.effects.list(node.name, "down")[0];
  return effect?.at;
}

export function nodeUsage(world: World, node: NodeDef, t: number): { cpu: number; memGi: number } {
  let cpu = 0.35 + world.ch(node.name, "cpuAdd", t);
  let mem = 1.6;
  for (const pod of world.planning.pods) {
    if (pod.node !== node.name || !world.scraped(pod, t)) continue;
    cpu += world.podCpu(pod, t).used;
    mem += world.podMemMiB(pod, t) / 1024;
  }
  return { cpu: Math.min(cpu, node.cpu * 0.995), memGi: Math.min(mem, node.memGi * 0.97) };
}

/** node_exporter per node; its series stop when the node stops answering, `up` turns 0. */
export function nodeExporterMetrics(world: World, node: NodeDef): SeriesOut[] {
  const down = downAt(world, node);
  const instance = `${node.ip}:9100`;
  const labels = { instance, node: node.name, job: "node-exporter" };
  const alive = (t: number) => down === undefined || t < down;
  const out: Array<SeriesOut | null> = [];
  const boot = world.start - 86400 * (5 + (node.name.length % 20));
  const modes = ["idle", "iowait", "system", "user"] as const;
  const acc = new Map<string, number>();
  const cumulative = new Map<string, Map<number, number>>();
  for (const mode of modes) {
    acc.set(mode, 0);
    cumulative.set(mode, new Map());
  }
  let last = boot;
  for (const t of world.times) {
    if (!alive(t)) break;
    const usage = nodeUsage(world, node, t);
    const iowait = Math.min(node.cpu * 0.3, 0.02 * node.cpu + world.ch(node.name, "iowait", t));
    const shares: Record<(typeof modes)[number], number> = {
      user: usage.cpu * 0.78,
      system: usage.cpu * 0.22,
      iowait,
      idle: Math.max(0.01, node.cpu - usage.cpu - iowait),
    };
    for (const mode of modes) {
      const rate = shares[mode];
      const dt = last === boot ? (t - boot) * 0.9 : t - last;
      const v = (acc.get(mode) ?? 0) + rate * dt;
      acc.set(mode, v);
      cumulative.get(mode)?.set(t, v);
    }
    last = t;
  }
  for (const mode of ["idle", "iowait"] as const) {
    out.push(
      gauge(
        { __name__: "node_cpu_seconds_total", ...labels, mode },
        world.times,
        (t) => cumulative.get(mode)?.get(t),
        (v) => fmtFixed(v, 1),
      ),
    );
  }
  out.push(
    gauge(
      { __name__: "node_memory_MemAvailable_bytes", ...labels },
      world.times,
      (t) => (alive(t) ? Math.round((node.memGi - nodeUsage(world, node, t).memGi) * GIB) : undefined),
      fmtInt,
    ),
  );
  const disk = 100 * GIB;
  out.push(
    gauge(
      {
        __name__: "node_filesystem_avail_bytes",
        ...labels,
        device: "/dev/nvme0n1p1",
        fstype: "xfs",
        mountpoint: "/",
      },
      world.times,
      (t) => {
        if (!alive(t)) return undefined;
        const used =
          0.38 + (node.ip.length % 7) * 0.03 + world.ch(node.name, "diskUsed", t) + (t - world.start) * 2e-7;
        return Math.round(disk * Math.max(0.001, 1 - used) + world.noise(`${node.name}|fs`, t) * 40 * MIB);
      },
      fmtInt,
    ),
  );
  out.push(gauge({ __name__: "up", ...labels }, world.times, (t) => (alive(t) ? 1 : 0), fmtInt));
  return out.filter((s): s is SeriesOut => s !== null);
}
