import type PgBoss from "pg-boss";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { INVESTIGATE_INCIDENT, startJobQueue } from "../../src/store/job-queue.ts";
import {
  type InvestigationWorker,
  startInvestigationWorker,
} from "../../src/store/start-investigation-worker.ts";
import { createTestDatabase, type TestDatabase } from "../support/postgres.ts";

let database: TestDatabase;
let boss: PgBoss;
let worker: InvestigationWorker | undefined;

beforeEach(async () => {
  database = await createTestDatabase();
  boss = await startJobQueue({ url: database.url, poolSize: 2 });
});

afterEach(async () => {
  await worker?.stop();
  worker = undefined;
  await boss.stop({ graceful: false, wait: true });
  await database.close();
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("the investigation worker under an alert storm", () => {
  it("holds a taken job while ingest is busy and starts it once ingest is quiet", async () => {
    let busy = true;
    const started: string[] = [];
    worker = await startInvestigationWorker({
      boss,
      handle: async (incidentId) => {
        started.push(incidentId);
      },
      pollingIntervalSeconds: 0.5,
      concurrency: 1,
      yieldTo: { isBusy: () => busy },
      maxDeferMs: 60_000,
    });
    await boss.send(INVESTIGATE_INCIDENT, { incidentId: "storm-1" });
    worker.notify();
    // Long enough for the worker to have taken the job (it polls every 0.5 s).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(started).toEqual([]);
    busy = false;
    await until(() => started.length === 1);
    expect(started).toEqual(["storm-1"]);
  });

  it("starts a job anyway once it has waited maxDeferMs: a long storm delays investigations, never starves them", async () => {
    const started: number[] = [];
    const queuedAt = performance.now();
    worker = await startInvestigationWorker({
      boss,
      handle: async () => {
        started.push(performance.now() - queuedAt);
      },
      pollingIntervalSeconds: 0.5,
      concurrency: 1,
      yieldTo: { isBusy: () => true },
      maxDeferMs: 800,
    });
    await boss.send(INVESTIGATE_INCIDENT, { incidentId: "storm-2" });
    worker.notify();
    await until(() => started.length === 1);
    expect(started[0]).toBeGreaterThanOrEqual(800);
  });
});
