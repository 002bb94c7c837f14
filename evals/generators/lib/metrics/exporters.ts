import type { PodPlan, ServiceDef } from "../model.ts";
import { latencyMean } from "../stats.ts";
import type { World } from "../world.ts";
import { fmtFixed, fmtInt, gauge, podCumulative, type SeriesOut } from "./series.ts";

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

const keep = (list: Array<SeriesOut | null>) => list.filter((s): s is SeriesOut => s !== null);

function primary(world: World, svc: ServiceDef): PodPlan | undefined {
  return world.podsOf(svc.name).find((p) => p.name.endsWith("-0")) ?? world.podsOf(svc.name)[0];
}

/** A counter accumulated from a rate over the grid, for one pod (resets with the container). */
function rateCounter(world: World, pod: PodPlan, rate: (t: number) => number, startValue: number) {
  return podCumulative(world, pod, 1, (t, dt) => [Math.max(0, rate(t)) * dt], () => [startValue]);
}

/** How much slower a service's database answers now than normally. */
export function dbFactor(world: World, caller: string, t: number): number {
  let factor = 1;
  for (const edge of world.platform.edges) {
    if (edge.from !== caller) continue;
    const callee = world.services.get(edge.to);
    if (!callee?.exporters?.some((e) => e === "postgres" || e === "pgbouncer")) continue;
    factor = Math.max(factor, world.ch(callee.name, "lat", t) + world.ch(callee.name, "latAdd", t) / (callee.latencyMs / 1000));
  }
  return factor;
}

export function postgresMetrics(world: World, svc: ServiceDef): SeriesOut[] {
  const pod = primary(world, svc);
  if (!pod) return [];
  const labels = { service: svc.name, namespace: pod.namespace, pod: pod.name, instance: `${pod.ip}:9187`, job: "postgres-exporter", datname: svc.config?.database ?? "app" };
  const up = (t: number) => world.scraped(pod, t);
  const active = (t: number) => world.rps(svc.name, t) * latencyMean(world.latency(svc.name, t)) + world.ch(svc.name, "pg.active", t) + 1;
  const commits = rateCounter(world, pod, (t) => world.rps(svc.name, t) * (1 - world.errorRatio(svc.name, t)), 4.1e8 + svc.rps * 3e5);
  return keep([
    gauge({ __name__: "pg_stat_activity_count", ...labels, state: "active" }, world.times, (t) => (up(t) ? Math.round(active(t) + Math.abs(world.noise(`${svc.name}|pga`, t))) : undefined), fmtInt),
    gauge({ __name__: "pg_stat_activity_count", ...labels, state: "idle" }, world.times, (t) =>
      up(t) ? Math.max(0, Math.round(48 - active(t) + world.noise(`${svc.name}|pgi`, t) * 3)) : undefined,
    fmtInt),
    gauge({ __name__: "pg_stat_activity_count", ...labels, state: "idle in transaction" }, world.times, (t) =>
      up(t) ? Math.max(0, Math.round(1 + world.noise(`${svc.name}|pgt`, t) + world.ch(svc.name, "pg.idleTx", t))) : undefined,
    fmtInt),
    gauge({ __name__: "pg_stat_activity_max_tx_duration", ...labels }, world.times, (t) =>
      up(t) ? Math.max(0.05, 0.8 + world.noise(`${svc.name}|pgmax`, t) * 0.5 + world.ch(svc.name, "pg.maxTx", t)) : undefined,
    (v) => fmtFixed(v, 3)),
    gauge({ __name__: "pg_locks_count", ...labels, mode: "accessexclusivelock" }, world.times, (t) =>
      up(t) ? Math.round(world.ch(svc.name, "pg.locks", t)) : undefined,
    fmtInt),
    gauge({ __name__: "pg_stat_database_xact_commit", ...labels }, world.times, (t) => commits.get(t)?.[0], fmtInt),
  ]);
}

export function redisMetrics(world: World, svc: ServiceDef): SeriesOut[] {
  const pod = primary(world, svc);
  if (!pod) return [];
  const labels = { service: svc.name, namespace: pod.namespace, pod: pod.name, instance: `${pod.ip}:9121`, job: "redis-exporter" };
  const up = (t: number) => world.scraped(pod, t);
  const commands = rateCounter(world, pod, (t) => world.rps(svc.name, t), 2.2e9 + svc.rps * 4e4);
  const maxBytes = Math.round(svc.memLimitMiB * 0.8 * MIB);
  return keep([
    gauge({ __name__: "redis_connected_clients", ...labels }, world.times, (t) =>
      up(t) ? Math.round(36 + world.noise(`${svc.name}|rc`, t) * 2 + world.ch(svc.name, "redis.clients", t)) : undefined,
    fmtInt),
    gauge({ __name__: "redis_memory_used_bytes", ...labels }, world.times, (t) => (up(t) ? Math.round(world.podMemMiB(pod, t) * 0.82 * MIB) : undefined), fmtInt),
    gauge({ __name__: "redis_memory_max_bytes", ...labels }, world.times, (t) => (up(t) ? maxBytes : undefined), fmtInt),
    gauge({ __name__: "redis_commands_processed_total", ...labels }, world.times, (t) => commands.get(t)?.[0], fmtInt),
  ]);
}

export function pgbouncerMetrics(world: World, svc: ServiceDef): SeriesOut[] {
  const pod = world.podsOf(svc.name)[0];
  if (!pod) return [];
  const labels = { service: svc.name, namespace: pod.namespace, pod: pod.name, instance: `${pod.ip}:9127`, job: "pgbouncer-exporter", database: svc.config?.database ?? "app", user: "app" };
  const poolSize = (t: number) => Number(svc.config?.default_pool_size ?? "40") + world.ch(svc.name, "pgb.poolSize", t);
  const demand = (t: number) =>
    world.rps(svc.name, t) * latencyMean(world.latency(svc.name, t)) * world.ch(svc.name, "dbTime", t) + world.ch(svc.name, "pgb.demand", t) + 2;
  return keep([
    gauge({ __name__: "pgbouncer_pools_client_active_connections", ...labels }, world.times, (t) =>
      Math.round(Math.min(poolSize(t), demand(t)) + 30 + world.noise(`${svc.name}|ca`, t) * 2),
    fmtInt),
    gauge({ __name__: "pgbouncer_pools_client_waiting_connections", ...labels }, world.times, (t) =>
      Math.max(0, Math.round((demand(t) - poolSize(t)) * 1.6 + world.noise(`${svc.name}|cw`, t) * 0.4)),
    fmtInt),
    gauge({ __name__: "pgbouncer_pools_server_active_connections", ...labels }, world.times, (t) =>
      Math.max(0, Math.round(Math.min(poolSize(t), demand(t)) + world.noise(`${svc.name}|sa`, t))),
    fmtInt),
  ]);
}

/** Connection pool gauges per pod: HikariCP for JVM services, node-postgres pool for Node ones. */
export function poolMetrics(world: World, svc: ServiceDef, pod: PodPlan): SeriesOut[] {
  const pool = svc.pool;
  if (!pool) return [];
  const base = { service: svc.name, namespace: pod.namespace, pod: pod.name, instance: `${pod.ip}:${svc.port}` };
  const demand = (t: number) =>
    world.podRps(pod, t) * (pool.dbTimeMs / 1000) * world.ch(svc.name, "dbTime", t) * dbFactor(world, svc.name, t) +
    world.ch(svc.name, "pool.leak", t) +
    Math.abs(world.noise(`${pod.name}|pool`, t)) * 0.8;
  const active = (t: number) => (world.scraped(pod, t) ? Math.min(pool.max, Math.round(demand(t))) : undefined);
  const pending = (t: number) =>
    world.scraped(pod, t) ? Math.max(0, Math.round((demand(t) - pool.max) * 2.2 + world.noise(`${pod.name}|pend`, t) * 0.3)) : undefined;
  if (pool.kind === "hikari") {
    const labels = { application: svc.name, ...base, pool: "HikariPool-1" };
    const timeouts = podCumulative(world, pod, 1, (t, dt) => [Math.max(0, demand(t) - pool.max) > 0.5 ? Math.round(world.podRps(pod, t) * 0.2 * dt) : 0], () => [0]);
    return keep([
      gauge({ __name__: "hikaricp_connections_active", ...labels }, world.times, active, fmtInt),
      gauge({ __name__: "hikaricp_connections_pending", ...labels }, world.times, pending, fmtInt),
      gauge({ __name__: "hikaricp_connections_max", ...labels }, world.times, (t) => (world.scraped(pod, t) ? pool.max : undefined), fmtInt),
      gauge({ __name__: "hikaricp_connections_timeout_total", ...labels }, world.times, (t) => timeouts.get(t)?.[0], fmtInt),
    ]);
  }
  return keep([
    gauge({ __name__: "pg_pool_active_connections", ...base }, world.times, active, fmtInt),
    gauge({ __name__: "pg_pool_waiting_requests", ...base }, world.times, pending, fmtInt),
    gauge({ __name__: "pg_pool_max_connections", ...base }, world.times, (t) => (world.scraped(pod, t) ? pool.max : undefined), fmtInt),
  ]);
}

export function jvmHeap(world: World, svc: ServiceDef, pod: PodPlan): SeriesOut | null {
  return gauge(
    { __name__: "jvm_memory_used_bytes", application: svc.name, service: svc.name, namespace: pod.namespace, pod: pod.name, area: "heap", id: "G1 Old Gen" },
    world.times,
    (t) => (world.scraped(pod, t) ? Math.round(world.podMemMiB(pod, t) * 0.62 * MIB * (1 + world.noise(`${pod.name}|heap`, t) * 0.04)) : undefined),
    fmtInt,
  );
}

/** kafka-exporter consumer lag per partition: a backlog that grows when the group consumes slower than producers write. */
export function kafkaLag(world: World, svc: ServiceDef): SeriesOut[] {
  if (!svc.topic) return [];
  const backlog = new Map<number, number>();
  let b = 0;
  let last = world.times[0] ?? world.start;
  for (const t of world.times) {
    const input = svc.rps * world.diurnal(t) * world.ch(svc.name, "produce", t);
    const serving = world.podsOf(svc.name).filter((p) => world.serving(p, t)).length;
    const capacity = svc.rps * world.diurnal(t) * 1.45 * world.ch(svc.name, "capacity", t) * (serving / Math.max(1, svc.replicas));
    b = Math.max(0, b + (input - capacity) * (t - last));
    backlog.set(t, b);
    last = t;
  }
  const partitions = [0, 1, 2];
  return keep(
    partitions.map((partition) =>
      gauge(
        { __name__: "kafka_consumergroup_lag", consumergroup: svc.name, topic: svc.topic ?? "", partition: String(partition), namespace: world.namespaceOf(svc.name), job: "kafka-exporter", instance: "kafka-exporter:9308" },
        world.times,
        (t) => Math.max(0, Math.round((backlog.get(t) ?? 0) / 3 * (1 + world.noise(`${svc.name}|p${partition}`, t) * 0.05) + 40 + Math.abs(world.noise(`${svc.name}|lag${partition}`, t)) * 60)),
        fmtInt,
      ),
    ),
  );
}

export function kafkaBrokers(world: World, svc: ServiceDef): SeriesOut[] {
  return keep([
    gauge({ __name__: "kafka_brokers", namespace: world.namespaceOf(svc.name), job: "kafka-exporter", instance: "kafka-exporter:9308" }, world.times, (t) =>
      world.podsOf(svc.name).filter((p) => world.scraped(p, t) || (p.unreachableFrom !== undefined && t < p.unreachableFrom + 30)).length,
    fmtInt),
  ]);
}

export function corednsMetrics(world: World, svc: ServiceDef, pod: PodPlan): SeriesOut[] {
  const labels = { namespace: pod.namespace, pod: pod.name, instance: `${pod.ip}:9153`, job: "coredns", server: "dns://:53", zone: "." };
  const share = (t: number) => world.podRps(pod, t);
  const servfail = (t: number) => Math.min(0.9, 0.0004 + world.ch(svc.name, "dns.servfail", t));
  const series = (rcode: string, ratio: (t: number) => number) => {
    const acc = podCumulative(world, pod, 1, (t, dt) => [Math.round(share(t) * ratio(t) * dt)], () => [Math.round(svc.rps * ratio(world.start) * 86400 * 3)]);
    return gauge({ __name__: "coredns_dns_responses_total", ...labels, rcode }, world.times, (t) => acc.get(t)?.[0], fmtInt);
  };
  return keep([
    series("NOERROR", (t) => 1 - 0.34 - servfail(t)),
    series("NXDOMAIN", () => 0.34),
    series("SERVFAIL", servfail),
  ]);
}

export function clickhouseMetrics(world: World, svc: ServiceDef, pod: PodPlan): SeriesOut[] {
  const labels = { service: svc.name, namespace: pod.namespace, pod: pod.name, instance: `${pod.ip}:9363`, job: "clickhouse" };
  const ok = rateCounter(world, pod, (t) => world.rps(svc.name, t) * (1 - world.errorRatio(svc.name, t)), 3.1e6);
  const failed = rateCounter(world, pod, (t) => world.rps(svc.name, t) * world.errorRatio(svc.name, t), 214);
  return keep([
    gauge({ __name__: "ClickHouseProfileEvents_InsertQuery", ...labels }, world.times, (t) => ok.get(t)?.[0], fmtInt),
    gauge({ __name__: "ClickHouseProfileEvents_FailedInsertQuery", ...labels }, world.times, (t) => failed.get(t)?.[0], fmtInt),
    gauge({ __name__: "ClickHouseMetrics_Query", ...labels }, world.times, (t) =>
      world.scraped(pod, t) ? Math.max(0, Math.round(world.rps(svc.name, t) * latencyMean(world.latency(svc.name, t)) + 2)) : undefined,
    fmtInt),
  ]);
}

/** kubelet volume stats for a StatefulSet's data claims. */
export function volumeMetrics(world: World, svc: ServiceDef): SeriesOut[] {
  if (!svc.pvcGi) return [];
  const capacity = svc.pvcGi * GIB;
  const out: Array<SeriesOut | null> = [];
  for (const pod of world.podsOf(svc.name)) {
    const labels = { namespace: pod.namespace, persistentvolumeclaim: `data-${pod.name}`, node: pod.node, job: "kubelet" };
    const seed = pod.name.length % 5;
    const used = (t: number) => Math.min(1, 0.52 + seed * 0.04 + (t - world.start) * 4e-7 + world.ch(svc.name, "disk.used", t));
    const alive = (t: number) => pod.createdAt <= t && (pod.unreachableFrom === undefined || t < pod.unreachableFrom);
    out.push(gauge({ __name__: "kubelet_volume_stats_capacity_bytes", ...labels }, world.times, (t) => (alive(t) ? capacity : undefined), fmtInt));
    out.push(
      gauge({ __name__: "kubelet_volume_stats_available_bytes", ...labels }, world.times, (t) =>
        alive(t) ? Math.max(0, Math.round(capacity * (1 - used(t)) - (used(t) >= 1 ? 0 : Math.abs(world.noise(`${pod.name}|vol`, t)) * 30 * MIB))) : undefined,
      fmtInt),
    );
  }
  return keep(out);
}

export function certificateMetrics(world: World): SeriesOut[] {
  const out: Array<SeriesOut | null> = [];
  for (const probe of world.platform.infra.probes) {
    const expiresAt = probe.expiresAt ?? Math.round(world.now + probe.daysLeft * 86400);
    if (probe.kind === "blackbox") {
      const labels = { instance: probe.name, job: "blackbox", module: "http_2xx" };
      out.push(gauge({ __name__: "probe_ssl_earliest_cert_expiry", ...labels }, world.times, () => expiresAt, fmtInt));
      out.push(gauge({ __name__: "probe_success", ...labels }, world.times, (t) => (t < expiresAt ? 1 : 0), fmtInt));
    } else {
      const labels = { name: probe.name, namespace: world.namespaceOf(probe.service), issuer_kind: "ClusterIssuer", issuer_name: "internal-ca", job: "cert-manager" };
      out.push(gauge({ __name__: "certmanager_certificate_expiration_timestamp_seconds", ...labels }, world.times, () => expiresAt, fmtInt));
      out.push(gauge({ __name__: "certmanager_certificate_ready_status", ...labels, condition: "True" }, world.times, (t) => (t < expiresAt ? 1 : 0), fmtInt));
    }
  }
  return keep(out);
}

/** Client-side view of calls: to external providers, and to gRPC callees a service measures. */
export function clientMetrics(world: World, caller: ServiceDef): SeriesOut[] {
  const out: Array<SeriesOut | null> = [];
  const namespace = world.namespaceOf(caller.name);
  for (const edge of world.platform.edges) {
    if (edge.from !== caller.name) continue;
    const callee = world.services.get(edge.to);
    if (!callee) continue;
    const mean = (t: number) => latencyMean(world.latency(callee.name, t)) + world.ch(callee.name, "net", t);
    const callers = world.platform.edges.filter((e) => e.to === callee.name).length;
    const rate = (t: number) => world.rps(callee.name, t) / Math.max(1, callers);
    if (callee.workload === "External") {
      const host = callee.host ?? callee.name;
      const seen = new Set<string>(["200"]);
      for (const t of world.times) for (const [code, r] of world.codes(callee.name, t)) if (r > 0) seen.add(code);
      const spring = caller.metrics === "spring";
      const name = spring ? "http_client_requests_seconds" : "http_client_request_duration_seconds";
      const base = spring
        ? { application: caller.name, service: caller.name, namespace, client_name: host, method: "POST", uri: callee.route }
        : { service: caller.name, namespace, upstream: callee.name, host };
      const totalAcc = accumulate(world, rate, svcSeed(caller.name + callee.name));
      for (const code of [...seen].sort()) {
        const ratio = (t: number) => (code === "200" ? 1 - world.errorRatio(callee.name, t) : (world.codes(callee.name, t).get(code) ?? 0));
        const acc = accumulate(world, (t) => rate(t) * ratio(t), svcSeed(caller.name + code));
        const labels = spring
          ? { __name__: `${name}_count`, ...base, status: code, outcome: code === "200" ? "SUCCESS" : code.startsWith("4") ? "CLIENT_ERROR" : "SERVER_ERROR" }
          : { __name__: "http_client_requests_total", ...base, code };
        out.push(gauge(labels, world.times, (t) => acc.get(t), fmtInt));
      }
      const sum = accumulate(world, (t) => rate(t) * mean(t), svcSeed(`${caller.name}|sum`) / 10);
      out.push(gauge({ __name__: `${name}_sum`, ...base }, world.times, (t) => sum.get(t), (v) => fmtFixed(v, 2)));
      if (!spring) out.push(gauge({ __name__: `${name}_count`, ...base }, world.times, (t) => totalAcc.get(t), fmtInt));
    } else if (caller.clientOf?.includes(callee.name)) {
      const labels = { service: caller.name, namespace, grpc_service: callee.grpcService ?? callee.name, grpc_type: "unary" };
      const count = accumulate(world, rate, svcSeed(caller.name + callee.name));
      const sum = accumulate(world, (t) => rate(t) * mean(t), svcSeed(`${caller.name}${callee.name}|sum`) / 10);
      out.push(gauge({ __name__: "grpc_client_handling_seconds_sum", ...labels }, world.times, (t) => sum.get(t), (v) => fmtFixed(v, 2)));
      out.push(gauge({ __name__: "grpc_client_handling_seconds_count", ...labels }, world.times, (t) => count.get(t), fmtInt));
    }
  }
  return keep(out);
}

function svcSeed(text: string): number {
  let h = 0;
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) % 100000;
  return 1e5 + h * 37;
}

/** Service-level counter from a rate; it does not reset (a recording that sums all pods of the caller). */
function accumulate(world: World, rate: (t: number) => number, initial: number): Map<number, number> {
  const out = new Map<number, number>();
  let v = initial;
  let last: number | undefined;
  for (const t of world.times) {
    if (last !== undefined) v += Math.max(0, rate(t)) * (t - last) * (1 + 0.03 * world.noise(`acc|${initial}`, t));
    out.set(t, v);
    last = t;
  }
  return out;
}
