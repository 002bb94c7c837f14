import { randomUUID } from "node:crypto";
import type pg from "pg";
import type PgBoss from "pg-boss";
import {
  DuplicateDeliveryError,
  type IngestRepository,
  type IngestTransaction,
  type StoredAnswer,
} from "../ingest/ingest-repository.ts";
import { DELIVERY_DEDUP_CONSTRAINT, ingestStatements } from "./ingest-statements.ts";
import { enqueueInvestigation } from "./job-queue.ts";
import { type PipelinedTransaction, runPipelinedTransaction } from "./pipelined-transaction.ts";
import { withStoreErrors } from "./store-errors.ts";

export interface PostgresIngestRepositoryDeps {
  /** A pool opened by `openDatabase` (pipeline mode). */
  pool: pg.Pool;
  /** The queue the investigation of an opened incident is sent to, inside the ingest transaction. */
  boss: PgBoss;
}

type AnswerRow = { incident_id: string | null; alert_count: number };

/**
 * Ingest's transaction on Postgres. Every method issues its statement when called, so that the
 * ingest service can pipeline a delivery into two round trips.
 */
export function createPostgresIngestRepository({
  pool,
  boss,
}: PostgresIngestRepositoryDeps): IngestRepository {
  return {
    transaction: (work) =>
      withStoreErrors(() => runPipelinedTransaction(pool, (trx) => work(createTransaction(trx)))),
    storedAnswer: (delivery) =>
      withStoreErrors(async () => {
        const { sql: text, parameters } = ingestStatements.storedAnswer(delivery);
        return mapAnswer((await pool.query<AnswerRow>(text, [...parameters])).rows[0]);
      }),
  };

  function createTransaction(trx: PipelinedTransaction): IngestTransaction {
    return {
      async findDelivery(delivery) {
        return mapAnswer((await trx.query<AnswerRow>(() => ingestStatements.storedAnswer(delivery)))[0]);
      },

      async findIncident(lookup) {
        const [row] = await trx.query<{ id: string; status: "open" | "resolved" }>(() =>
          ingestStatements.findIncident(lookup),
        );
        return row ?? null;
      },

      async openIncident(incident) {
        const rows = await trx.query(() => ingestStatements.openIncident(incident));
        return { created: rows.length === 1 };
      },

      async upsertAlerts(incidentId, alerts) {
        await trx.query(() => ingestStatements.upsertAlerts(incidentId, alerts));
      },

      async resolveIfSettled(incidentId, actor) {
        // A statement of its own after the upsert, so that it sees the alerts' new status.
        return (await trx.query(() => ingestStatements.resolveIfSettled(incidentId, actor))).length > 0;
      },

      async enqueueInvestigation(incidentId) {
        const jobId = randomUUID();
        await Promise.all([
          trx.queryThrough((executeSql) => enqueueInvestigation(boss, incidentId, { executeSql }, jobId)),
          // Pipelined behind the insert, ahead of a COMMIT that may already be on its way.
          trx.query(() => ingestStatements.assertJobQueued(jobId, incidentId)),
        ]);
      },

      async recordDelivery(delivery, record, audit) {
        try {
          await trx.query(() => ingestStatements.recordDelivery(delivery, record, audit));
        } catch (error) {
          const details = error as { code?: unknown; constraint?: unknown };
          if (details.code === "23505" && details.constraint === DELIVERY_DEDUP_CONSTRAINT) {
            throw new DuplicateDeliveryError();
          }
          throw error;
        }
      },

      commit: () => trx.commit(),
    };
  }
}

function mapAnswer(row: AnswerRow | undefined): StoredAnswer | null {
  return row === undefined ? null : { incidentId: row.incident_id, alerts: row.alert_count };
}
