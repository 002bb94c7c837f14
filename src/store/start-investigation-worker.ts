import type PgBoss from "pg-boss";
import { type IngestLoad, idleIngestLoad } from "../ingest/ingest-load.ts";
import { INVESTIGATE_INCIDENT, type InvestigateIncidentJob } from "./job-queue.ts";

export interface StartInvestigationWorkerOptions {
  boss: PgBoss;
  /** Investigates one incident. Throwing fails the job; pg-boss retries it. */
  handle: (incidentId: string) => Promise<void>;
  pollingIntervalSeconds?: number;
  /** Investigations run at the same time in this process (one pg-boss worker each). */
  concurrency?: number;
  /** How long `stop` waits for investigations in progress before letting go of them. */
  drainTimeoutMs?: number;
  /**
   * Ingest in the same process: while it is saturated a taken job waits before it starts, so that
   * alerts are acknowledged first (investigations compete with ingest for CPU and the database).
   */
  yieldTo?: IngestLoad;
  /** The longest a job waits for ingest to calm down before it starts anyway; 0: never waits. */
  maxDeferMs?: number;
}

export interface InvestigationWorker {
  /** Wakes the worker now instead of at its next poll (used right after an incident opens). */
  notify(): void;
  stop(): Promise<void>;
}

export async function startInvestigationWorker({
  boss,
  handle,
  pollingIntervalSeconds = 2,
  concurrency = 4,
  drainTimeoutMs = 15_000,
  yieldTo = idleIngestLoad,
  maxDeferMs = 30_000,
}: StartInvestigationWorkerOptions): Promise<InvestigationWorker> {
  let stopping = false;
  const workerIds: string[] = [];
  // Investigations in progress: stopping waits for them, so that the database does not close under
  // a job (an interrupted one resumes from its checkpoint at the next start anyway).
  const inFlight = new Set<Promise<void>>();
  for (let index = 0; index < concurrency; index += 1) {
    workerIds.push(
      await boss.work<InvestigateIncidentJob>(
        INVESTIGATE_INCIDENT,
        { batchSize: 1, pollingIntervalSeconds },
        async (jobs) => {
          for (const job of jobs) {
            await giveWayTo(yieldTo, maxDeferMs, () => stopping);
            const running = handle(job.data.incidentId);
            inFlight.add(running);
            try {
              await running;
            } finally {
              inFlight.delete(running);
            }
          }
        },
      ),
    );
  }
  return {
    notify: () => {
      for (const workerId of workerIds) boss.notifyWorker(workerId);
    },
    stop: async () => {
      stopping = true;
      for (const workerId of workerIds) await boss.offWork({ id: workerId });
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, drainTimeoutMs);
      });
      await Promise.race([Promise.allSettled([...inFlight]), timeout]);
      clearTimeout(timer);
    },
  };
}

const DEFER_STEP_MS = 50;

/**
 * Waits while ingest is busy, at most `maxDeferMs`: a storm delays investigations, it never
 * starves them. Stopping ends the wait (the job then runs, or is left to its checkpoint).
 */
async function giveWayTo(load: IngestLoad, maxDeferMs: number, stopping: () => boolean): Promise<void> {
  const until = performance.now() + maxDeferMs;
  while (load.isBusy() && !stopping() && performance.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, DEFER_STEP_MS));
  }
}
