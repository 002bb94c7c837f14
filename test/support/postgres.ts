import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { inject } from "vitest";
import type { Database } from "../../src/store/database.ts";
import { migrateToLatest } from "../../src/store/migrate-to-latest.ts";
import { openDatabase } from "../../src/store/open-database.ts";
import { TEMPLATE_DATABASE } from "./template-database.ts";

export interface TestDatabase {
  url: string;
  db: Kysely<Database>;
  close(): Promise<void>;
}

/** A fresh, migrated database of its own on the run's shared embedded Postgres; dropped by `close()`. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject("postgresUrl");
  const name = `test_${randomBytes(6).toString("hex")}`;
  const admin = openDatabase({ url: adminUrl, poolSize: 1 });
  try {
    await admin.pool.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.close();
  }
  const url = withDatabase(adminUrl, name);
  const opened = openDatabase({ url, poolSize: 4 });
  // The template is migrated already; this is a no-op unless a migration was added since it was built.
  await migrateToLatest(opened.db);
  return {
    url,
    db: opened.db,
    async close() {
      await opened.close();
      const dropper = openDatabase({ url: adminUrl, poolSize: 1 });
      try {
        await dropper.pool.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.close();
      }
    },
  };
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
