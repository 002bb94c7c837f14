import { type ChildProcess, spawn } from "node:child_process";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RcaDocument } from "../../src/domain/rca.ts";
import { createCheckpointer } from "../../src/store/create-checkpointer.ts";
import { createIncidentQueries } from "../../src/store/create-incident-queries.ts";
import { type OpenedDatabase, openDatabase } from "../../src/store/open-database.ts";
import {
  createCaseInvestigation,
  loadNezhaCase,
  NEZHA_CASES,
  storeIncidentFromCase,
} from "../support/investigation-fixture.ts";
import { createTestDatabase, type TestDatabase } from "../support/postgres.ts";

const CHILD = new URL("../support/investigate-in-child.ts", import.meta.url).pathname;

describe("an investigation whose process dies", () => {
  let database: TestDatabase;
  let opened: OpenedDatabase;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    opened = openDatabase({ url: database.url, poolSize: 6 });
    await createCheckpointer(opened.pool);
  });
  afterAll(async () => {
    child?.kill("SIGKILL");
    await opened.close();
    await database.close();
  });

  it("resumes from its checkpoint in another process and finishes exactly once", async () => {
    const replayCase = await loadNezhaCase("nezha-ob-02");
    const incidentId = await storeIncidentFromCase(opened.db, replayCase);

    child = spawn(
      process.execPath,
      ["--import", "tsx", CHILD, database.url, incidentId, `${NEZHA_CASES}nezha-ob-02.json`],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let childErrors = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      childErrors += chunk.toString();
    });
    // Wait until triage is checkpointed and the finished investigators' results are written, while
    // the logs investigator hangs: the process dies in the middle of the fan-out.
    await waitFor(
      async () => {
        const { rows } = await sql<{ steps: number; writes: number }>`
        select
          (select count(*)::int from checkpoints where thread_id = ${incidentId} and (metadata->>'step')::int >= 1) as steps,
          (select count(*)::int from checkpoint_writes where thread_id = ${incidentId} and channel = 'results') as writes
      `.execute(opened.db);
        return (rows[0]?.steps ?? 0) > 0 && (rows[0]?.writes ?? 0) >= 3;
      },
      () => childErrors,
    );
    child.kill("SIGKILL");
    await new Promise((resolve) => child?.once("exit", resolve));

    const queries = createIncidentQueries(opened.db);
    expect((await queries.get(incidentId))?.rca).toBeNull();

    const { investigate } = await createCaseInvestigation(opened, replayCase);
    expect(await investigate(incidentId)).toBe("finished");
    expect(await investigate(incidentId)).toBe("already-finished");

    const detail = await queries.get(incidentId);
    const types = detail?.audit.map((event) => event.type) ?? [];
    expect(types.filter((type) => type === "investigation.started")).toHaveLength(1);
    expect(types.filter((type) => type === "investigation.resumed")).toHaveLength(1);
    expect(types.filter((type) => type === "rca.created")).toHaveLength(1);
    const rca = detail?.rca as RcaDocument;
    expect(rca.top?.service).toBe("paymentservice");
    const { rows } = await sql<{ count: number }>`
      select count(*)::int as count from rcas where incident_id = ${incidentId}`.execute(opened.db);
    expect(rows[0]?.count).toBe(1);
  });
});

async function waitFor(
  check: () => Promise<boolean>,
  context: () => string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for the child's checkpoint; its stderr: ${context()}`);
}
