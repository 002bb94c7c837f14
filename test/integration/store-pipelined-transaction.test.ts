import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/store/open-database.ts";
import { runPipelinedTransaction } from "../../src/store/pipelined-transaction.ts";
import { createTestDatabase, type TestDatabase } from "../support/postgres.ts";

let database: TestDatabase;
let opened: ReturnType<typeof openDatabase>;

beforeAll(async () => {
  database = await createTestDatabase();
  opened = openDatabase({ url: database.url, poolSize: 2 });
  await sql`create table pipelined (id int primary key)`.execute(database.db);
});
afterAll(async () => {
  await opened?.close();
  await database?.close();
});

const insert = (id: number) => () => ({ sql: "insert into pipelined (id) values ($1)", parameters: [id] });
const stored = async () =>
  (await sql<{ id: number }>`select id from pipelined order by id`.execute(database.db)).rows.map(
    (row) => row.id,
  );

describe("runPipelinedTransaction", () => {
  it("commits statements pipelined together with their COMMIT", async () => {
    await runPipelinedTransaction(opened.pool, async (trx) => {
      await Promise.all([trx.query(insert(1)), trx.query(insert(2)), trx.commit()]);
    });
    expect(await stored()).toEqual([1, 2]);
  });

  it("rolls back everything when a statement ahead of a pipelined COMMIT fails in Postgres", async () => {
    const outcome = runPipelinedTransaction(opened.pool, async (trx) => {
      await Promise.all([trx.query(insert(3)), trx.query(insert(1)), trx.query(insert(4)), trx.commit()]);
    });
    await expect(outcome).rejects.toThrow(/duplicate key/);
    expect(await stored()).toEqual([1, 2]);
  });

  it("rolls back everything when a statement fails before it is sent", async () => {
    const outcome = runPipelinedTransaction(opened.pool, async (trx) => {
      const broken = () => {
        throw new Error("could not build the statement");
      };
      await Promise.all([trx.query(insert(5)), trx.query(broken), trx.query(insert(6)), trx.commit()]);
    });
    await expect(outcome).rejects.toThrow("could not build the statement");
    expect(await stored()).toEqual([1, 2]);
  });

  it("rolls back when the work throws, and the connection stays usable", async () => {
    await expect(
      runPipelinedTransaction(opened.pool, async (trx) => {
        await trx.query(insert(7));
        throw new Error("changed my mind");
      }),
    ).rejects.toThrow("changed my mind");
    await runPipelinedTransaction(opened.pool, async (trx) => {
      await trx.query(insert(8));
    });
    expect(await stored()).toEqual([1, 2, 8]);
  });
});
