import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAuditEvent } from "../../src/store/append-audit-event.ts";
import { migrateToLatest } from "../../src/store/migrate-to-latest.ts";
import { migrations } from "../../src/store/migrations/index.ts";
import { openDatabase } from "../../src/store/open-database.ts";
import { createTestDatabase, type TestDatabase } from "../support/postgres.ts";
import { startScratchPostgres } from "../support/scratch-postgres.ts";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

describe("the audit trail", () => {
  it("appends events and refuses to change or delete them", async () => {
    const appended = await appendAuditEvent(database.db, {
      incidentId: null,
      type: "test.appended",
      actor: "vigil",
      data: { n: 1 },
    });
    expect(appended.id).toMatch(/^\d+$/);

    await expect(
      sql`update audit_events set actor = 'mallory' where id = ${appended.id}`.execute(database.db),
    ).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(
      sql`delete from audit_events where id = ${appended.id}`.execute(database.db),
    ).rejects.toThrow(/append-only: DELETE refused/);
    await expect(sql`truncate audit_events`.execute(database.db)).rejects.toThrow(
      /append-only: TRUNCATE refused/,
    );

    const stored = await database.db
      .selectFrom("audit_events")
      .selectAll()
      .where("id", "=", appended.id)
      .executeTakeFirst();
    expect(stored).toMatchObject({ type: "test.appended", actor: "vigil", data: { n: 1 } });
  });

  it("refuses event types that are not <noun>.<verb>", async () => {
    await expect(
      appendAuditEvent(database.db, { incidentId: null, type: "Something Happened", actor: "vigil" }),
    ).rejects.toThrow(/check constraint/);
  });
});

describe("migrations", () => {
  it("are recorded and running them again changes nothing", async () => {
    await migrateToLatest(database.db);
    const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
      database.db,
    );
    expect(rows.map((row) => row.name)).toEqual(Object.keys(migrations));
  });
});

describe("embedded Postgres", () => {
  it("keeps its data across a restart on the same data directory", async () => {
    const postgres = await startScratchPostgres();
    try {
      const first = openDatabase({ url: postgres.current().url, poolSize: 1 });
      await migrateToLatest(first.db);
      await appendAuditEvent(first.db, { incidentId: null, type: "restart.survived", actor: "test" });
      await first.close();

      await postgres.current().stop();
      const restarted = await postgres.restart();
      const second = openDatabase({ url: restarted.url, poolSize: 1 });
      try {
        const events = await second.db.selectFrom("audit_events").select("type").execute();
        expect(events).toEqual([{ type: "restart.survived" }]);
      } finally {
        await second.close();
      }
    } finally {
      await postgres.destroy();
    }
  });
});
