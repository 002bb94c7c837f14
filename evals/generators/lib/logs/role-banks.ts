import type { ServiceDef } from "../model.ts";
import { id, sampleRequest } from "./runtime-banks.ts";
import { type LogCtx, type LogTemplate, tpl } from "./types.ts";

const peer = (c: LogCtx) => (c.peers.length > 0 ? c.rng.pick(c.peers) : "upstream");
const ip = (c: LogCtx) => `10.${c.rng.int(40, 47)}.${c.rng.int(0, 7)}.${c.rng.int(2, 250)}`;
const n = (c: LogCtx, lo: number, hi: number) => c.rng.int(lo, hi);

const edge: LogTemplate[] = [
  tpl("debug", 4, (c) => ({
    msg: "upstream responded",
    fields: { upstream: peer(c), status: 200, ms: n(c, 3, 90) },
  })),
  tpl("warn", 1, (c) => ({
    msg: "rate limit bucket near threshold",
    fields: { client: `cl_${id(c, 8)}`, remaining: n(c, 1, 9) },
  })),
  tpl("debug", 2, (c) => ({
    msg: "classified bot traffic",
    fields: { ua: c.rng.pick(["Googlebot/2.1", "AhrefsBot/7.0", "bingbot/2.0"]), action: "allow" },
  })),
  tpl("info", 3, (c) => ({
    msg: "session created",
    fields: { session: id(c, 16), country: c.rng.pick(["DE", "FR", "GB", "NL", "US", "ES", "PL"]) },
  })),
  tpl("warn", 0.6, (c) => ({
    msg: "CSRF token missing on form post",
    fields: { path: "/account/address", ip: ip(c) },
  })),
  tpl("debug", 3, (c) => ({
    msg: "served from edge cache",
    fields: {
      path: c.rng.pick(["/assets/app.js", "/img/hero.webp", "/fonts/inter.woff2"]),
      age: n(c, 1, 3000),
    },
  })),
  tpl("info", 1.2, (c) => ({
    msg: "circuit breaker state",
    fields: { upstream: peer(c), state: "closed", failures: n(c, 0, 2) },
  })),
  tpl("warn", 0.5, (c) => ({
    msg: "client sent oversized header",
    fields: { bytes: n(c, 9000, 16000), ip: ip(c) },
  })),
  tpl("debug", 2, (c) => ({ msg: "geo lookup", fields: { ip: ip(c), ms: n(c, 0, 3) } })),
  tpl("info", 0.8, () => ({ msg: "tls session resumed", fields: { protocol: "TLSv1.3" } })),
];

const api: LogTemplate[] = [
  tpl("info", 5, (c) => `${c.svc.entity} ${c.rng.pick(["created", "updated", "loaded"])} id=${id(c, 10)}`),
  tpl("debug", 4, (c) => ({
    msg: `fetched ${c.svc.entity} list`,
    fields: { page: n(c, 1, 20), size: 50, took_ms: n(c, 2, 40) },
  })),
  tpl("warn", 1.5, (c) => ({
    msg: `validation failed for ${c.svc.entity}`,
    fields: { field: c.rng.pick(["id", "limit", "locale", "page_size"]), reason: "invalid" },
  })),
  tpl("debug", 4, (c) => ({ msg: "cache miss", fields: { key: `${c.svc.entity}:${id(c, 8)}` } })),
  tpl("info", 3, (c) => ({
    msg: `published ${c.svc.entity}.updated`,
    fields: { outbox_id: n(c, 1e5, 9e5) },
  })),
  tpl("info", 1, (c) => ({ msg: "idempotent replay", fields: { key: id(c, 20) } })),
  tpl("warn", 0.5, (c) => ({
    msg: `optimistic lock conflict on ${c.svc.entity}, retrying`,
    fields: { id: id(c, 10), attempt: 1 },
  })),
  tpl("info", 1.5, (c) => ({ msg: "outbox flushed", fields: { rows: n(c, 1, 40), took_ms: n(c, 3, 30) } })),
  tpl("debug", 3, (c) => ({
    msg: `calling ${peer(c)}`,
    fields: { op: c.rng.pick(["get", "list", "reserve", "quote"]) },
  })),
  tpl("info", 1, (c) => ({ msg: "slow query", fields: { ms: n(c, 300, 900), table: c.svc.entity } })),
  tpl("warn", 0.4, (c) => ({
    msg: "unknown enum value from client, defaulting",
    fields: { field: "channel", value: c.rng.pick(["kiosk", "tv", "watch"]) },
  })),
  tpl("info", 1, (c) => ({
    msg: "background refresh done",
    fields: { items: n(c, 100, 2000), took_ms: n(c, 20, 300) },
  })),
];

const worker: LogTemplate[] = [
  tpl("info", 10, (c) => {
    const r = sampleRequest(c);
    const failed = r.code !== c.svc.okCode;
    return {
      level: failed ? "error" : "info",
      msg: failed ? "failed to process batch" : "processed batch",
      fields: {
        topic: c.svc.topic ?? c.svc.route,
        partition: n(c, 0, 2),
        offset: n(c, 1e7, 9e7),
        size: n(c, 200, 500),
        took_ms: Math.round(r.ms * 40),
      },
    };
  }),
  tpl("debug", 5, (c) => ({ msg: "committed offsets", fields: { group: c.svc.name, partitions: 3 } })),
  tpl("info", 0.3, (c) => ({ msg: "partitions assigned", fields: { group: c.svc.name, assigned: "0,1,2" } })),
  tpl("warn", 1.2, (c) => ({
    msg: "skipping malformed event",
    fields: { reason: c.rng.pick(["missing event_ts", "unknown schema id 417", "invalid json"]) },
  })),
  tpl("warn", 0.4, (c) => ({
    msg: "sent to dead letter queue",
    fields: { topic: `${c.svc.topic ?? "events"}.dlq`, reason: "max_retries" },
  })),
  tpl("debug", 4, () => ({ msg: "poll returned no records", fields: { timeout_ms: 500 } })),
  tpl("info", 2, (c) => ({
    msg: "throughput",
    fields: { events_per_s: n(c, Math.round(c.svc.rps * 0.8), Math.round(c.svc.rps * 1.2)) },
  })),
  tpl("debug", 2, (c) => ({
    msg: "schema resolved",
    fields: { subject: `${c.svc.topic ?? "events"}-value`, version: n(c, 3, 9) },
  })),
];

const postgres: LogTemplate[] = [
  tpl("info", 2, () => "checkpoint starting: time"),
  tpl(
    "info",
    2,
    (c) =>
      `checkpoint complete: wrote ${n(c, 800, 4000)} buffers (${c.rng.float(2, 9).toFixed(1)}%); 0 WAL file(s) added, 0 removed, ${n(c, 1, 4)} recycled; write=${c.rng.float(100, 270).toFixed(3)} s, sync=0.0${n(c, 10, 99)} s, total=${c.rng.float(100, 270).toFixed(3)} s`,
  ),
  tpl(
    "info",
    3,
    (c) =>
      `automatic vacuum of table "${c.svc.config?.database ?? "app"}.public.${c.rng.pick(["orders", "events", "sessions", "items"])}": index scans: 1`,
  ),
  tpl(
    "info",
    4,
    (c) =>
      `duration: ${c.rng.float(1000, 1900).toFixed(3)} ms  statement: ${c.rng.pick(["SELECT count(*) FROM audit_log WHERE created_at > now() - interval '1 day'", "SELECT id, payload FROM outbox WHERE sent_at IS NULL ORDER BY id LIMIT 500", "DELETE FROM sessions WHERE expires_at < now()"])}`,
  ),
  tpl("info", 3, (c) => `connection received: host=${ip(c)} port=${n(c, 32000, 60000)}`),
  tpl(
    "info",
    3,
    (c) =>
      `connection authorized: user=app database=${c.svc.config?.database ?? "app"} application_name=${c.rng.pick(["PostgreSQL JDBC Driver", "pgbouncer", "node-postgres"])}`,
  ),
  tpl(
    "info",
    2,
    (c) =>
      `disconnection: session time: 0:${String(n(c, 10, 59)).padStart(2, "0")}:${String(n(c, 10, 59)).padStart(2, "0")}.${n(c, 100, 999)} user=app database=app host=${ip(c)}`,
  ),
  tpl(
    "error",
    0.8,
    (c) =>
      `duplicate key value violates unique constraint "${c.svc.config?.database ?? "app"}_idempotency_key_key"`,
  ),
  tpl("error", 0.3, () => "canceling statement due to user request"),
];

const redis: LogTemplate[] = [
  tpl("info", 3, (c) => `Background saving started by pid ${n(c, 100, 900)}`),
  tpl("info", 3, () => "DB saved on disk"),
  tpl("info", 3, () => "100 changes in 300 seconds. Saving..."),
  tpl(
    "info",
    2,
    (c) => `Fork CoW for RDB: current ${n(c, 1, 6)} MB, peak ${n(c, 2, 8)} MB, average ${n(c, 1, 4)} MB`,
  ),
  tpl("info", 2, () => "Background saving terminated with success"),
];

const kafka: LogTemplate[] = [
  tpl("info", 3, (c) => ({
    logger: "kafka.coordinator.group.GroupCoordinator",
    msg: `[GroupCoordinator ${n(c, 0, 2)}]: Member consumer-${c.rng.pick(["enricher", "dedupe", "loader"])}-1-${id(c, 8)} in group ${c.rng.pick(["enricher", "dedupe", "loader"])} has left, removing it from group`,
  })),
  tpl("info", 4, (c) => ({
    logger: "kafka.log.LocalLog",
    msg: `[LocalLog partition=${c.rng.pick(["events", "enriched", "deduped"])}-${n(c, 0, 2)}, dir=/var/lib/kafka/data] Rolled new log segment at offset ${n(c, 1e7, 9e7)} in ${n(c, 1, 9)} ms.`,
  })),
  tpl("info", 3, (c) => ({
    logger: "kafka.log.UnifiedLog",
    msg: `[UnifiedLog partition=${c.rng.pick(["events", "enriched"])}-${n(c, 0, 2)}, dir=/var/lib/kafka/data] Deleting segment LogSegment(baseOffset=${n(c, 1e6, 9e6)}) due to retention time 604800000ms breach`,
  })),
  tpl("info", 1, (c) => ({
    logger: "kafka.controller.KafkaController",
    msg: `[Controller id=${n(c, 0, 2)}] Processing automatic preferred replica leader election`,
  })),
  tpl("warn", 0.3, (c) => ({
    logger: "kafka.server.ReplicaFetcherThread",
    msg: `[ReplicaFetcher replicaId=${n(c, 0, 2)}, leaderId=${n(c, 0, 2)}, fetcherId=0] Connection to node ${n(c, 0, 2)} was disconnected before the response was read`,
  })),
];

const clickhouse: LogTemplate[] = [
  tpl("info", 5, (c) => ({
    logger: "executeQuery",
    msg: `(from ${ip(c)}:${n(c, 32000, 60000)}, user: loader) INSERT INTO analytics.events FORMAT RowBinary (stage: Complete)`,
  })),
  tpl("debug", 3, (c) => ({
    logger: "analytics.events (MergerMutator)",
    msg: `Selected ${n(c, 2, 8)} parts from 202405_${n(c, 1, 900)}_${n(c, 900, 2000)}_2 to 202405_${n(c, 2000, 3000)}_${n(c, 3000, 4000)}_0`,
  })),
  tpl("debug", 2, (c) => ({
    logger: "DiskLocal",
    msg: `Reserved ${c.rng.float(1, 60).toFixed(2)} MiB on local disk \`default\`, having unreserved ${c.rng.float(150, 300).toFixed(2)} GiB.`,
  })),
  tpl("info", 2, (c) => ({
    logger: "analytics.events (MergerMutator)",
    msg: `Merged ${n(c, 2, 8)} parts: ${c.rng.float(0.5, 3).toFixed(3)} sec., ${n(c, 1e5, 9e5)} rows/sec.`,
  })),
  tpl("warn", 0.3, () => ({
    logger: "analytics.events",
    msg: "Removing temporary directory /var/lib/clickhouse/store/tmp_merge_202405 from previous run",
  })),
];

const coredns: LogTemplate[] = [
  tpl("info", 8, (c) => {
    const host = c.rng.pick([
      "api.stripe.com.",
      "kubernetes.default.svc.cluster.local.",
      "sts.amazonaws.com.",
      "login.microsoftonline.com.",
      `${c.rng.pick(c.peers.length ? c.peers : ["app"])}.svc.cluster.local.`,
    ]);
    const servfail = c.world.ch(c.svc.name, "dns.servfail", c.t);
    const rcode = c.rng.chance(servfail) ? "SERVFAIL" : c.rng.chance(0.3) ? "NXDOMAIN" : "NOERROR";
    return {
      level: rcode === "SERVFAIL" ? "error" : "info",
      msg: `${ip(c)}:${n(c, 32000, 60000)} - ${n(c, 1000, 65000)} "A IN ${host} udp ${n(c, 30, 60)} false 512" ${rcode} qr,rd,ra ${n(c, 60, 200)} ${c.rng.float(0.0001, 0.02).toFixed(6)}s`,
    };
  }),
  tpl("info", 0.3, (c) => `plugin/reload: Running configuration SHA512 = ${id(c, 32)}`),
];

const pgbouncer: LogTemplate[] = [
  tpl(
    "info",
    4,
    (c) =>
      `stats: ${n(c, 100, 400)} xacts/s, ${n(c, 300, 1200)} queries/s, ${n(c, 0, 3)} client parses/s, 0 server parses/s, 0 binds/s, in ${n(c, 30000, 90000)} B/s, out ${n(c, 200000, 600000)} B/s, xact ${n(c, 1000, 4000)} us, query ${n(c, 300, 900)} us, wait ${n(c, 0, 20)} us`,
  ),
  tpl(
    "info",
    2,
    (c) => `C-0x${id(c, 12)}: app/app@${ip(c)}:${n(c, 32000, 60000)} login attempt: db=app user=app tls=no`,
  ),
  tpl(
    "info",
    1,
    (c) =>
      `S-0x${id(c, 12)}: app/app@10.0.${n(c, 1, 9)}.${n(c, 2, 250)}:5432 closing because: server idle timeout (age=${n(c, 600, 700)}s)`,
  ),
];

const batch: LogTemplate[] = [
  tpl("info", 5, (c) => ({
    msg: "processed chunk",
    fields: { chunk: n(c, 1, 40), of: 40, rows: n(c, 5000, 20000) },
  })),
  tpl("debug", 2, (c) => ({ msg: "checkpoint written", fields: { offset: n(c, 1e5, 9e5) } })),
  tpl("warn", 0.5, (c) => ({ msg: "skipped rows with null keys", fields: { rows: n(c, 1, 30) } })),
];

const ROLE_BANKS: Record<string, LogTemplate[]> = {
  edge,
  api,
  worker,
  postgres,
  redis,
  kafka,
  clickhouse,
  coredns,
  pgbouncer,
  batch,
};

export function roleBank(svc: ServiceDef): LogTemplate[] {
  const bank = ROLE_BANKS[svc.role];
  if (!bank) throw new Error(`no log bank for role ${svc.role}`);
  return bank;
}
