import type { World } from "../world.ts";
import { clientMetrics } from "./client-metrics.ts";
import { certificateMetrics, corednsMetrics, volumeMetrics } from "./cluster-exporters.ts";
import { customPodMetrics } from "./custom.ts";
import { pgbouncerMetrics, poolMetrics, postgresMetrics, redisMetrics } from "./database-exporters.ts";
import { cadvisorMetrics, ksmPodMetrics, ksmWorkloadMetrics, nodeExporterMetrics } from "./infra.ts";
import { requestMetrics } from "./requests.ts";
import type { SeriesOut } from "./series.ts";
import { clickhouseMetrics, kafkaBrokers, kafkaLag } from "./stream-exporters.ts";

/** Every series the platform's Prometheus would hold for the window. */
export function collectMetrics(world: World): SeriesOut[] {
  const { platform } = world;
  const out: SeriesOut[] = [];
  for (const svc of world.services.values()) {
    if (svc.workload === "External") continue;
    const pods = world.podsOf(svc.name);
    if (svc.metrics === "custom") for (const pod of pods) out.push(...customPodMetrics(world, svc, pod));
    else out.push(...requestMetrics(world, svc));
    for (const pod of pods) {
      if (platform.infra.cadvisor) out.push(...cadvisorMetrics(world, pod));
      if (platform.infra.ksm) out.push(...ksmPodMetrics(world, pod));
      out.push(...poolMetrics(world, svc, pod));
      if (svc.exporters?.includes("coredns")) out.push(...corednsMetrics(world, svc, pod));
    }
    for (const exporter of svc.exporters ?? []) {
      if (exporter === "postgres") out.push(...postgresMetrics(world, svc));
      if (exporter === "redis") out.push(...redisMetrics(world, svc));
      if (exporter === "pgbouncer") out.push(...pgbouncerMetrics(world, svc));
      if (exporter === "kafka") out.push(...kafkaBrokers(world, svc));
      if (exporter === "clickhouse") {
        const pod = pods[0];
        if (pod) out.push(...clickhouseMetrics(world, svc, pod));
      }
    }
    out.push(...kafkaLag(world, svc));
    out.push(...volumeMetrics(world, svc));
    out.push(...clientMetrics(world, svc));
  }
  if (platform.infra.ksm) out.push(...ksmWorkloadMetrics(world));
  if (platform.infra.nodeExporter)
    for (const node of platform.nodes) out.push(...nodeExporterMetrics(world, node));
  out.push(...certificateMetrics(world));
  return out;
}
