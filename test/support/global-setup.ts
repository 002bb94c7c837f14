import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startJobQueue } from "../../src/store/job-queue.ts";
import { migrateToLatest } from "../../src/store/migrate-to-latest.ts";
import { openDatabase } from "../../src/store/open-database.ts";
import { startEmbeddedPostgres } from "../../src/store/start-embedded-postgres.ts";
import { TEMPLATE_DATABASE } from "./template-database.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Superuser URL of the one embedded Postgres this test run shares. */
    postgresUrl: string;
  }
}

/**
 * Starts one embedded Postgres for the whole run and prepares a template database (migrated, with
 * pg-boss installed), so that each test file gets a fresh database by a cheap CREATE DATABASE.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = await mkdtemp(join(tmpdir(), "vigil-test-"));
  // mkdtemp makes it private; as root, Postgres runs as user 'postgres' and must be able to enter it.
  await chmod(root, 0o755);
  const postgres = await startEmbeddedPostgres({
    dataDir: join(root, "pg"),
    settings: { max_connections: "300" },
  });
  try {
    const admin = openDatabase({ url: postgres.url, poolSize: 1 });
    await admin.pool.query(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
    await admin.close();

    const templateUrl = postgres.urlFor(TEMPLATE_DATABASE);
    const template = openDatabase({ url: templateUrl, poolSize: 2 });
    await migrateToLatest(template.db);
    await template.close();
    const boss = await startJobQueue({ url: templateUrl, poolSize: 2 });
    await boss.stop({ graceful: false, close: true });
  } catch (error) {
    await postgres.stop();
    await rm(root, { recursive: true, force: true });
    throw error;
  }

  project.provide("postgresUrl", postgres.url);
  return async () => {
    await postgres.stop();
    await rm(root, { recursive: true, force: true });
  };
}
