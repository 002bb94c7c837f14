import type { PodPlan, ServiceDef } from "../model.ts";
import { latencyMean } from "../stats.ts";
import type { World } from "../world.ts";
import { keep, rateCounter } from "./exporter-helpers.ts";
import { fmtInt, gauge, type SeriesOut } from "./series.ts";

const backlogs = new WeakMap<World, Map<string, Map<number, number>>>();

/** Messages waiting for a consumer group: grows when producers write faster than the group can consume. */
export function consumerBacklog(world: World, svc: ServiceDef): Map<number, number> {
  let perWorld = backlogs.get(world);
  if (!perWorld) {
    perWorld = new Map();
    backlogs.set(world, perWorld);
  }
  const cached = perWorld.get(svc.name);
  if (cached) return cached;
  const out = new Map<number, number>();
  let b = 0;
  let last = world.start;
  for (let t = world.start; t <= world.now + 3600; t += 15) {
    const input = svc.rps * world.diurnal(t) * world.ch(svc.name, "produce", t);
    const serving = world.podsOf(svc.name).filter((p) => world.serving(p, t)).length;
    const capacity =
      svc.rps *
      world.diurnal(t) *
      1.45 *
      world.ch(svc.name, "capacity", t) *
      (serving / Math.max(1, svc.replicas));
    b = Math.max(0, b + (input - capacity) * (t - last));
    out.set(t, b);
    last = t;
  }
  perWorld.set(svc.name, out);
  return out;
}

/** The backlog at `t`, as the 15-second integration saw it. */
export function backlogAt(world: World, service: string, t: number): number {
  const svc = world.svc(service);
  const map = consumerBacklog(world, svc);
  return map.get(world.start + Math.floor((t - world.start) / 15) * 15) ?? 0;
}

/** kafka-exporter consumer lag per partition. */
export function kafkaLag(world: World, svc: ServiceDef): SeriesOut[] {
  if (!svc.topic) return [];
  const partitions = [0, 1, 2];
  return keep(
    partitions.map((partition) =>
      gauge(
        {
          __name__: "kafka_consumergroup_lag",
          consumergroup: svc.name,
          topic: svc.topic ?? "",
          partition: String(partition),
          namespace: world.namespaceOf(svc.name),
          job: "kafka-exporter",
          instance: "kafka-exporter:9308",
        },
        world.times,
        (t) =>
          Math.max(
            0,
            Math.round(
              (backlogAt(world, svc.name, t) / 3) * (1 + world.noise(`${svc.name}|p${partition}`, t) * 0.05) +
                40 +
                Math.abs(world.noise(`${svc.name}|lag${partition}`, t)) * 60,
            ),
          ),
        fmtInt,
      ),
    ),
  );
}

/** kafka-exporter: how many brokers the cluster has. */
export function kafkaBrokers(world: World, svc: ServiceDef): SeriesOut[] {
  return keep([
    gauge(
      {
        __name__: "kafka_brokers",
        namespace: world.namespaceOf(svc.name),
        job: "kafka-exporter",
        instance: "kafka-exporter:9308",
      },
      world.times,
      (t) =>
        world
          .podsOf(svc.name)
          .filter(
            (p) => world.scraped(p, t) || (p.unreachableFrom !== undefined && t < p.unreachableFrom + 30),
          ).length,
      fmtInt,
    ),
  ]);
}

/** ClickHouse insert counters and running queries. */
export function clickhouseMetrics(world: World, svc: ServiceDef, pod: PodPlan): SeriesOut[] {
  const labels = {
    service: svc.name,
    namespace: pod.namespace,
    pod: pod.name,
    instance: `${pod.ip}:9363`,
    job: "clickhouse",
  };
  const ok = rateCounter(
    world,
    pod,
    (t) => world.rps(svc.name, t) * (1 - world.errorRatio(svc.name, t)),
    3.1e6,
  );
  const failed = rateCounter(world, pod, (t) => world.rps(svc.name, t) * world.errorRatio(svc.name, t), 214);
  return keep([
    gauge(
      { __name__: "ClickHouseProfileEvents_InsertQuery", ...labels },
      world.times,
      (t) => ok.get(t)?.[0],
      fmtInt,
    ),
    gauge(
      { __name__: "ClickHouseProfileEvents_FailedInsertQuery", ...labels },
      world.times,
      (t) => failed.get(t)?.[0],
      fmtInt,
    ),
    gauge(
      { __name__: "ClickHouseMetrics_Query", ...labels },
      world.times,
      (t) =>
        world.scraped(pod, t)
          ? Math.max(0, Math.round(world.rps(svc.name, t) * latencyMean(world.latency(svc.name, t)) + 2))
          : undefined,
      fmtInt,
    ),
  ]);
}
