import type { PodPlan, ServiceDef } from "../model.ts";
import { latencyMean } from "../stats.ts";
import type { World } from "../world.ts";
import { keep, MIB, primary, rateCounter } from "./exporter-helpers.ts";
import { fmtFixed, fmtInt, gauge, type SeriesOut } from "./series.ts";

/** How much slower a service's database answers now than normally. */
export function dbFactor(world: World, caller: string, t: number): number {
  let factor = 1;
  for (const edge of world.platform.edges) {
    if (edge.from !== caller) continue;
    const callee = world.services.get(edge.to);
    if (!callee?.exporters?.some((e) => e === "postgres" || e === "pgbouncer")) continue;
    factor = Math.max(
      factor,
      world.ch(callee.name, "lat", t) + world.ch(callee.name, "latAdd", t) / (callee.latencyMs / 1000),
    );
  }
  return factor;
}

/** postgres_exporter for the primary of a Postgres StatefulSet. */
export function postgresMetrics(world: World, svc: ServiceDef): SeriesOut[] {
  const pod = primary(world, svc);
  if (!pod) return [];
  const labels = {
    service: svc.name,
    namespace: pod.namespace,
    pod: pod.name,
    instance: `${pod.ip}:9187`,
    job: "postgres-exporter",
    datname: svc.config?.database ?? "app",
  };
  const up = (t: number) => world.scraped(pod, t);
  const active = (t: number) =>
    world.rps(svc.name, t) * latencyMean(world.latency(svc.name, t)) + world.ch(svc.name, "pg.active", t) + 1;
  const commits = rateCounter(
    world,
    pod,
    (t) => world.rps(svc.name, t) * (1 - world.errorRatio(svc.name, t)),
    4.1e8 + svc.rps * 3e5,
  );
  return keep([
    gauge(
      { __name__: "pg_stat_activity_count", ...labels, state: "active" },
      world.times,
      (t) => (up(t) ? Math.round(active(t) + Math.abs(world.noise(`${svc.name}|pga`, t))) : undefined),
      fmtInt,
    ),
    gauge(
      { __name__: "pg_stat_activity_count", ...labels, state: "idle" },
      world.times,
      (t) =>
        up(t) ? Math.max(0, Math.round(48 - active(t) + world.noise(`${svc.name}|pgi`, t) * 3)) : undefined,
      fmtInt,
    ),
    gauge(
      { __name__: "pg_stat_activity_count", ...labels, state: "idle in transaction" },
      world.times,
      (t) =>
        up(t)
          ? Math.max(
              0,
              Math.round(1 + world.noise(`${svc.name}|pgt`, t) + world.ch(svc.name, "pg.idleTx", t)),
            )
          : undefined,
      fmtInt,
    ),
    gauge(
      { __name__: "pg_stat_activity_max_tx_duration", ...labels },
      world.times,
      (t) =>
        up(t)
          ? Math.max(
              0.05,
              0.8 + world.noise(`${svc.name}|pgmax`, t) * 0.5 + world.ch(svc.name, "pg.maxTx", t),
            )
          : undefined,
      (v) => fmtFixed(v, 3),
    ),
    gauge(
      { __name__: "pg_locks_count", ...labels, mode: "accessexclusivelock" },
      world.times,
      (t) => (up(t) ? Math.round(world.ch(svc.name, "pg.locks", t)) : undefined),
      fmtInt,
    ),
    gauge(
      { __name__: "pg_stat_database_xact_commit", ...labels },
      world.times,
      (t) => commits.get(t)?.[0],
      fmtInt,
    ),
  ]);
}

/** redis_exporter for a Redis StatefulSet. */
export function redisMetrics(world: World, svc: ServiceDef): SeriesOut[] {
  const pod = primary(world, svc);
  if (!pod) return [];
  const labels = {
    service: svc.name,
    namespace: pod.namespace,
    pod: pod.name,
    instance: `${pod.ip}:9121`,
    job: "redis-exporter",
  };
  const up = (t: number) => world.scraped(pod, t);
  const commands = rateCounter(world, pod, (t) => world.rps(svc.name, t), 2.2e9 + svc.rps * 4e4);
  const maxBytes = Math.round(svc.memLimitMiB * 0.8 * MIB);
  return keep([
    gauge(
      { __name__: "redis_connected_clients", ...labels },
      world.times,
      (t) =>
        up(t)
          ? Math.round(36 + world.noise(`${svc.name}|rc`, t) * 2 + world.ch(svc.name, "redis.clients", t))
          : undefined,
      fmtInt,
    ),
    gauge(
      { __name__: "redis_memory_used_bytes", ...labels },
      world.times,
      (t) => (up(t) ? Math.round(world.podMemMiB(pod, t) * 0.82 * MIB) : undefined),
      fmtInt,
    ),
    gauge(
      { __name__: "redis_memory_max_bytes", ...labels },
      world.times,
      (t) => (up(t) ? maxBytes : undefined),
      fmtInt,
    ),
    gauge(
      { __name__: "redis_commands_processed_total", ...labels },
      world.times,
      (t) => commands.get(t)?.[0],
      fmtInt,
    ),
  ]);
}

/** pgbouncer_exporter pool gauges (first pod). */
export function pgbouncerMetrics(world: World, svc: ServiceDef): SeriesOut[] {
  const pod = world.podsOf(svc.name)[0];
  if (!pod) return [];
  const labels = {
    service: svc.name,
    namespace: pod.namespace,
    pod: pod.name,
    instance: `${pod.ip}:9127`,
    job: "pgbouncer-exporter",
    database: svc.config?.database ?? "app",
    user: "app",
  };
  const poolSize = (t: number) =>
    Number(svc.config?.default_pool_size ?? "40") + world.ch(svc.name, "pgb.poolSize", t);
  const demand = (t: number) =>
    world.rps(svc.name, t) * latencyMean(world.latency(svc.name, t)) * world.ch(svc.name, "dbTime", t) +
    world.ch(svc.name, "pgb.demand", t) +
    2;
  return keep([
    gauge(
      { __name__: "pgbouncer_pools_client_active_connections", ...labels },
      world.times,
      (t) => Math.round(Math.min(poolSize(t), demand(t)) + 30 + world.noise(`${svc.name}|ca`, t) * 2),
      fmtInt,
    ),
    gauge(
      { __name__: "pgbouncer_pools_client_waiting_connections", ...labels },
      world.times,
      (t) =>
        Math.max(0, Math.round((demand(t) - poolSize(t)) * 1.6 + world.noise(`${svc.name}|cw`, t) * 0.4)),
      fmtInt,
    ),
    gauge(
      { __name__: "pgbouncer_pools_server_active_connections", ...labels },
      world.times,
      (t) => Math.max(0, Math.round(Math.min(poolSize(t), demand(t)) + world.noise(`${svc.name}|sa`, t))),
      fmtInt,
    ),
  ]);
}

/** Connection pool gauges per pod: HikariCP for JVM services, node-postgres pool for Node ones. */
export function poolMetrics(world: World, svc: ServiceDef, pod: PodPlan): SeriesOut[] {
  const pool = svc.pool;
  if (!pool) return [];
  const base = {
    service: svc.name,
    namespace: pod.namespace,
    pod: pod.name,
    instance: `${pod.ip}:${svc.port}`,
  };
  const demand = (t: number) =>
    world.podRps(pod, t) *
      (pool.dbTimeMs / 1000) *
      world.ch(svc.name, "dbTime", t) *
      dbFactor(world, svc.name, t) +
    world.ch(svc.name, "pool.leak", t) +
    Math.abs(world.noise(`${pod.name}|pool`, t)) * 0.8;
  const active = (t: number) =>
    world.scraped(pod, t) ? Math.min(pool.max, Math.round(demand(t))) : undefined;
  const pending = (t: number) =>
    world.scraped(pod, t)
      ? Math.max(0, Math.round((demand(t) - pool.max) * 2.2 + world.noise(`${pod.name}|pend`, t) * 0.3))
      : undefined;
  if (pool.kind === "hikari") {
    const labels = { application: svc.name, ...base, pool: "HikariPool-1" };
    return keep([
      gauge({ __name__: "hikaricp_connections_active", ...labels }, world.times, active, fmtInt),
      gauge({ __name__: "hikaricp_connections_pending", ...labels }, world.times, pending, fmtInt),
      gauge(
        { __name__: "hikaricp_connections_max", ...labels },
        world.times,
        (t) => (world.scraped(pod, t) ? pool.max : undefined),
        fmtInt,
      ),
    ]);
  }
  return keep([
    gauge({ __name__: "pg_pool_active_connections", ...base }, world.times, active, fmtInt),
    gauge({ __name__: "pg_pool_waiting_requests", ...base }, world.times, pending, fmtInt),
  ]);
}
