/**
 * `npm run bench:ingest -- [--url http://127.0.0.1:3000 --database-url postgres://...] [--n 5000]
 *   [--concurrency 50] [--rate 0,1000] [--warmup 500] [--worker-concurrency 4] [--floor]`
 *
 * Sends N distinct Alertmanager deliveries (each opens an incident: the slowest path, with its
 * investigation enqueued in the same transaction) to Vigil on loopback over C keep-alive
 * connections, once per rate in `--rate`: 0 is a closed loop (each connection sends its next
 * delivery when the answer comes, so C are always in flight and latency = C / throughput); R > 0
 * offers R deliveries/s (open loop, at most C in flight, latency counted from when a delivery was
 * due). Prints ack latency p50/p90/p99, deliveries/s, and stored versus sent, counted in the
 * database. Without --url it starts embedded Postgres in a temp dir and `vigil serve` in a child
 * process (as configured by default: the investigation worker on); `--profile-dir <dir>` writes a
 * CPU profile of that process. It then also prints the CPU time each part used per delivery (from
 * /proc): client, Vigil, Postgres share this machine's cores. `--statement-stats` loads
 * pg_stat_statements into that Postgres and prints where its time went, statement by statement.
 * `--floor` runs the same client against a no-op Node HTTP server instead: the latency and CPU the
 * machine itself sets as a floor, with no framework, validation or database.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import { findFreePort } from "../src/store/find-free-port.ts";
import { openDatabase } from "../src/store/open-database.ts";
import { startEmbeddedPostgres } from "../src/store/start-embedded-postgres.ts";
import { type HttpConnection, openHttpConnection } from "./http-connection.ts";

const { values: args } = parseArgs({
  options: {
    url: { type: "string" },
    "database-url": { type: "string" },
    n: { type: "string", default: "5000" },
    concurrency: { type: "string", default: "50" },
    /** Offered rates, one measured run each: 0 is a closed loop (the next delivery goes when an answer comes). */
    rate: { type: "string", default: "0,1000" },
    warmup: { type: "string", default: "500" },
    /** Investigations the Vigil it starts runs at once (VIGIL_WORKER_CONCURRENCY); 0: none. */
    "worker-concurrency": { type: "string", default: "4" },
    /** Writes a V8 CPU profile of the Vigil it starts into this directory. */
    "profile-dir": { type: "string" },
    /** Prints the statements that took Postgres the most time (pg_stat_statements) in the measured run. */
    "statement-stats": { type: "boolean", default: false },
    /** Measures the machine instead: the same client against a no-op HTTP server (no Vigil, no database). */
    floor: { type: "boolean", default: false },
  },
});
const total = Number(args.n);
const concurrency = Number(args.concurrency);
const rates = args.rate.split(",").map(Number);
const warmup = Number(args.warmup);
const runId = `bench-${Date.now().toString(36)}`;

const target = args.floor
  ? await startFloorServer()
  : args.url === undefined
    ? await startOwnVigil()
    : { url: args.url, databaseUrl: args["database-url"], pids: null, stop: async () => {} };
if (target.databaseUrl === undefined && !args.floor)
  throw new Error("--database-url is required with --url, to count what was stored");

try {
  const connections = await Promise.all(
    Array.from({ length: concurrency }, () => openHttpConnection(target.url)),
  );
  if (warmup > 0) await run(`${runId}-warmup`, warmup, 0, connections);
  for (const [index, rate] of rates.entries()) {
    const id = `${runId}-${index}`;
    if (args["statement-stats"] && target.databaseUrl !== undefined) {
      await resetStatementStats(target.databaseUrl);
    }
    const cpuBefore = cpuSnapshot(target.pids);
    const started = performance.now();
    const { latencies, failures } = await run(id, total, rate, connections);
    const seconds = (performance.now() - started) / 1000;
    const cpuAfter = cpuSnapshot(target.pids);
    const report = {
      ...(args.floor ? { target: "floor: a no-op HTTP server, no database" } : {}),
      mode: rate > 0 ? `open loop, ${rate}/s offered, at most ${concurrency} in flight` : "closed loop",
      concurrency,
      sent: total,
      acked: latencies.length,
      failed: failures,
      deliveriesPerSecond: Math.round(latencies.length / seconds),
      ackMs: summarize(latencies),
      ...(target.databaseUrl === undefined
        ? {}
        : await storedReport(target.databaseUrl, id, latencies.length)),
      cpuMsPerDelivery: Object.fromEntries(
        Object.entries(cpuAfter).map(([part, after]) => [
          part,
          round(((after - (cpuBefore[part] ?? 0)) * 1000) / Math.max(1, latencies.length)),
        ]),
      ),
      loadAverage: readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" "),
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    if (args["statement-stats"] && target.databaseUrl !== undefined) {
      await printStatementStats(target.databaseUrl, latencies.length);
    }
  }
  for (const connection of connections) connection.close();
} finally {
  await target.stop();
}

/**
 * Sends `count` deliveries over the connections. Open loop (`offeredRate` > 0): delivery i is due
 * at i / rate seconds, and its latency counts from then, so a delivery held back because every
 * connection was busy still counts its wait (no coordinated omission).
 */
async function run(id: string, count: number, offeredRate: number, connections: HttpConnection[]) {
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const startedAt = performance.now();
  const worker = async (connection: HttpConnection) => {
    while (next < count) {
      const index = next++;
      let due = performance.now();
      if (offeredRate > 0) {
        due = startedAt + (index * 1000) / offeredRate;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      // A timer may fire a little before it is due; then the delivery counts from when it went.
      const from = Math.min(due, performance.now());
      const status = await connection.post("/webhooks/alertmanager", delivery(id, index));
      if (status === 202) latencies.push(performance.now() - from);
      else failures += 1;
    }
  };
  await Promise.all(connections.map(worker));
  return { latencies, failures };
}

function summarize(latencies: number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const quantile = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return {
    p50: round(quantile(0.5)),
    p90: round(quantile(0.9)),
    p99: round(quantile(0.99)),
    max: round(sorted.at(-1) ?? Number.NaN),
  };
}

async function storedReport(databaseUrl: string, id: string, acked: number) {
  const stored = await countStored(databaseUrl, id);
  return {
    stored: stored.deliveries,
    incidents: stored.incidents,
    investigationsQueued: stored.jobs,
    lost: acked - stored.deliveries,
    duplicated: stored.incidents - stored.distinctGroups,
  };
}

function delivery(id: string, index: number): string {
  const labels = {
    alertname: "BenchAlert",
    bench: id,
    n: String(index),
    service: "bench",
    severity: "warning",
  };
  return JSON.stringify({
    receiver: id,
    status: "firing",
    alerts: [
      {
        status: "firing",
        labels,
        annotations: { summary: `bench delivery ${index}` },
        startsAt: "2024-05-14T09:10:00Z",
        endsAt: "0001-01-01T00:00:00Z",
        generatorURL: "http://prometheus:9090/graph",
        fingerprint: `${id}-${index}`,
      },
    ],
    groupLabels: { n: String(index) },
    commonLabels: labels,
    commonAnnotations: { summary: `bench delivery ${index}` },
    externalURL: "http://alertmanager:9093",
    version: "4",
    groupKey: `{}:{bench="${id}", n="${index}"}`,
    truncatedAlerts: 0,
  });
}

async function countStored(databaseUrl: string, id: string) {
  const database = openDatabase({ url: databaseUrl, poolSize: 1 });
  try {
    const { rows } = await sql<{
      deliveries: number;
      incidents: number;
      distinctGroups: number;
      jobs: number;
    }>`
      select
        (select count(*)::int from webhook_deliveries where payload->>'receiver' = ${id}) as deliveries,
        (select count(*)::int from incidents where group_key like ${`{}:{bench="${id}"%`}) as incidents,
        (select count(distinct group_key)::int from incidents where group_key like ${`{}:{bench="${id}"%`}) as "distinctGroups",
        (select count(*)::int from pgboss.job j join incidents i on i.id::text = j.data->>'incidentId'
          where j.name = 'investigate-incident' and i.group_key like ${`{}:{bench="${id}"%`}) as jobs
    `.execute(database.db);
    return rows[0]!;
  } finally {
    await database.close();
  }
}

async function resetStatementStats(databaseUrl: string): Promise<void> {
  const database = openDatabase({ url: databaseUrl, poolSize: 1 });
  try {
    await sql`create extension if not exists pg_stat_statements`.execute(database.db);
    await sql`select pg_stat_statements_reset()`.execute(database.db);
  } finally {
    await database.close();
  }
}

/** Statements by total time (planning and execution), in microseconds per delivery. */
async function printStatementStats(databaseUrl: string, deliveries: number): Promise<void> {
  const database = openDatabase({ url: databaseUrl, poolSize: 1 });
  try {
    const { rows } = await sql<{ query: string; calls: number; planMs: number; execMs: number }>`
      select left(regexp_replace(query, '[[:space:]]+', ' ', 'g'), 140) as query, calls::int,
        total_plan_time as "planMs", total_exec_time as "execMs"
      from pg_stat_statements order by total_plan_time + total_exec_time desc limit 20
    `.execute(database.db);
    for (const row of rows) {
      const perDelivery = ((row.planMs + row.execMs) * 1000) / deliveries;
      process.stdout.write(
        `${perDelivery.toFixed(1).padStart(8)} µs/delivery  ${String(row.calls).padStart(7)} calls  plan ${round(row.planMs)} ms  ${row.query}\n`,
      );
    }
  } finally {
    await database.close();
  }
}

/** CPU seconds used so far by this client, Vigil, and Postgres (postmaster and its backends). */
function cpuSnapshot(pids: { server: number; postmaster: number | null } | null): Record<string, number> {
  const { user, system } = process.cpuUsage();
  const client = (user + system) / 1e6;
  if (pids === null) return { client };
  const server = processCpuSeconds(pids.server);
  if (pids.postmaster === null) return { client, server };
  return { client, vigil: server, postgres: treeCpuSeconds(pids.postmaster) };
}

function processCpuSeconds(pid: number): number {
  try {
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th of them.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

function treeCpuSeconds(rootPid: number): number {
  let total = processCpuSeconds(rootPid);
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    if (parentOf(entry) === rootPid) total += processCpuSeconds(Number(entry));
  }
  return total;
}

async function startOwnVigil(): Promise<{
  url: string;
  databaseUrl: string;
  pids: { server: number; postmaster: number | null };
  stop: () => Promise<void>;
}> {
  const root = await mkdtemp(join(tmpdir(), "vigil-bench-"));
  await chmod(root, 0o755);
  // Durable settings as shipped (fsync, synchronous_commit on); only the connection limit is raised.
  const postgres = await startEmbeddedPostgres({
    dataDir: join(root, "pg"),
    settings: {
      max_connections: "200",
      ...(args["statement-stats"]
        ? { shared_preload_libraries: "pg_stat_statements", "pg_stat_statements.track_planning": "on" }
        : {}),
    },
  });
  const port = await findFreePort();
  const profile =
    args["profile-dir"] === undefined ? [] : ["--cpu-prof", `--cpu-prof-dir=${args["profile-dir"]}`];
  const child: ChildProcess = spawn(
    process.execPath,
    [...profile, "--import", "tsx", "src/cli/main.ts", "serve"],
    {
      env: {
        ...process.env,
        DATABASE_URL: postgres.url,
        PORT: String(port),
        HOST: "127.0.0.1",
        VIGIL_LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "error",
        VIGIL_WORKER_CONCURRENCY: args["worker-concurrency"],
      },
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    await postgres.stop();
    await rm(root, { recursive: true, force: true });
  };
  for (let attempt = 0; ; attempt += 1) {
    const ready = await fetch(`${url}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (attempt > 120 || child.exitCode !== null) {
      await stop();
      throw new Error("Vigil did not become ready");
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const postmaster = Number(readFileSync(join(postgres.dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  return { url, databaseUrl: postgres.url, pids: { server: child.pid ?? 0, postmaster }, stop };
}

/** A process that has just exited (a short-lived Postgres backend) has no parent any more. */
function parentOf(pid: string): number | null {
  try {
    return Number(readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ")[1]);
  } catch {
    return null;
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** A no-op HTTP server in a child process: what this machine and client cost without Vigil. */
async function startFloorServer() {
  const port = await findFreePort();
  const child = spawn(process.execPath, ["--import", "tsx", "bench/floor-server.ts", String(port)], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt += 1) {
    const up = await fetch(url, { method: "POST", body: "{}" }).then(
      (response) => response.status === 202,
      () => false,
    );
    if (up) break;
    if (attempt > 80 || child.exitCode !== null) throw new Error("the floor server did not start");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    databaseUrl: undefined,
    pids: { server: child.pid ?? 0, postmaster: null },
    stop: async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
