import type PgBoss from "pg-boss";
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
}: StartInvestigationWorkerOptions): Promise<InvestigationWorker> {
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
