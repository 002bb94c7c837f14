import { randomUUID } from "node:crypto";
import PgBoss from "pg-boss";

export const INVESTIGATE_INCIDENT = "investigate-incident";

export interface InvestigateIncidentJob {
  incidentId: string;
}

/** Anything that runs SQL on one connection, e.g. the ingest transaction; pg-boss's `db` option. */
export interface SqlExecutor {
  executeSql(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface StartJobQueueOptions {
  url: string;
  /** pg-boss keeps its own small pool; its work is polling and bookkeeping. */
  poolSize?: number;
  onError?: (error: Error) => void;
}

/**
 * Starts pg-boss on Vigil's Postgres (schema `pgboss`) and makes sure the investigation queue
 * exists. Jobs are retried (a crashed investigation is picked up again by any replica).
 */
export async function startJobQueue({
  url,
  poolSize = 4,
  onError = () => {},
}: StartJobQueueOptions): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString: url, max: poolSize, application_name: "vigil-queue" });
  // pg-boss emits errors while Postgres is unreachable; without a listener they would crash the process.
  boss.on("error", onError);
  await boss.start();
  await boss.createQueue(INVESTIGATE_INCIDENT, {
    name: INVESTIGATE_INCIDENT,
    retryLimit: 3,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 15 * 60,
  });
  return boss;
}

/**
 * Enqueues the investigation on `executor`'s connection, so that it commits or rolls back with the
 * incident it belongs to. Throws when pg-boss stored nothing (e.g. the queue does not exist).
 * `jobId` lets a pipelined caller check for the job before it knows what `send` returned.
 */
export async function enqueueInvestigation(
  boss: PgBoss,
  incidentId: string,
  executor: SqlExecutor,
  jobId: string = randomUUID(),
): Promise<string> {
  const data: InvestigateIncidentJob = { incidentId };
  const stored = await boss.send(INVESTIGATE_INCIDENT, data, { db: executor, id: jobId });
  if (stored === null) {
    throw new Error(`pg-boss did not enqueue ${INVESTIGATE_INCIDENT} for incident ${incidentId}`);
  }
  return stored;
}
