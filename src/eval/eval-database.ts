import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import type PgBoss from "pg-boss";
import { createCheckpointer } from "../store/create-checkpointer.ts";
import { startJobQueue } from "../store/job-queue.ts";
import { migrateToLatest } from "../store/migrate-to-latest.ts";
import { openDatabase } from "../store/open-database.ts";
import { startEmbeddedPostgres } from "../store/start-embedded-postgres.ts";

/** The eval is batch work on a busy machine: waiting for a connection beats failing a case. */
export const EVAL_CONNECT_TIMEOUT_MS = 30_000;

/**
 * One Postgres for an eval run and a fresh database per case, copied from a migrated template
 * (tables, pg-boss queue, checkpointer tables), so cases never see each other's incidents. Names
 * carry a per-run suffix, so two runs on one Postgres (a deterministic and a model run, two test
 * files) never drop each other's databases.
 */
export interface EvalDatabases {
  /** Creates a fresh database for one case and returns its URL. */
  create(name: string): Promise<string>;
  drop(name: string): Promise<void>;
  /**
   * pg-boss, stopped after it installed its schema and queue into the template: it only writes jobs
   * through each case's ingest transaction (`send` with `db`), exactly as `vigil serve` does.
   */
  boss: PgBoss;
  close(): Promise<void>;
}

export async function createEvalDatabases({
  databaseUrl,
}: {
  databaseUrl: string | null;
}): Promise<EvalDatabases> {
  const cleanups: Array<() => Promise<void>> = [];
  const run = randomBytes(4).toString("hex");
  const templateName = `vigil_eval_template_${run}`;
  const own = (name: string) => `${name}_${run}`;
  let urlFor: (database: string) => string;
  if (databaseUrl) {
    urlFor = (database) => {
      const url = new URL(databaseUrl);
      url.pathname = `/${database}`;
      return url.toString();
    };
  } else {
    const dir = await mkdtemp(join(tmpdir(), "vigil-eval-"));
    // mkdtemp makes it 0700; as root, Postgres runs as user `postgres` and must be able to enter it.
    await chmod(dir, 0o755);
    const embedded = await startEmbeddedPostgres({ dataDir: join(dir, "pg"), settings: { fsync: "off" } });
    cleanups.push(async () => {
      await embedded.stop();
      await rm(dir, { recursive: true, force: true });
    });
    urlFor = (database) => embedded.urlFor(database);
  }
  const admin = openDatabase({
    url: urlFor("postgres"),
    poolSize: 2,
    connectTimeoutMs: EVAL_CONNECT_TIMEOUT_MS,
  });
  cleanups.push(() => admin.close());
  await sql`drop database if exists ${sql.id(templateName)} with (force)`.execute(admin.db);
  await sql`create database ${sql.id(templateName)}`.execute(admin.db);
  const template = openDatabase({
    url: urlFor(templateName),
    poolSize: 2,
    connectTimeoutMs: EVAL_CONNECT_TIMEOUT_MS,
  });
  await migrateToLatest(template.db);
  await createCheckpointer(template.pool);
  await template.close();
  const boss = await startJobQueue({ url: urlFor(templateName) });
  await boss.stop({ graceful: false, wait: true });

  const created = new Set<string>();
  return {
    async create(name) {
      await sql`create database ${sql.id(own(name))} template ${sql.id(templateName)}`.execute(admin.db);
      created.add(own(name));
      return urlFor(own(name));
    },
    async drop(name) {
      created.delete(own(name));
      await sql`drop database if exists ${sql.id(own(name))} with (force)`.execute(admin.db);
    },
    boss,
    async close() {
      for (const name of created)
        await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin.db);
      await sql`drop database if exists ${sql.id(templateName)} with (force)`.execute(admin.db);
      for (const cleanup of cleanups.reverse()) await cleanup();
    },
  };
}
