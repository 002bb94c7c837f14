import { randomUUID } from "node:crypto";
import type pg from "pg";
import type PgBoss from "pg-boss";
import {
  DeliveriesNotNewError,
  type DeliveryLookup,
  DuplicateDeliveryError,
  type IngestRepository,
  type IngestTransaction,
  type StoredAnswer,
} from "../ingest/ingest-repository.ts";
import { DELIVERY_DEDUP_CONSTRAINT, ingestStatements, NOT_NEW_MESSAGE } from "./ingest-statements.ts";
import { INVESTIGATE_INCIDENT, type InvestigateIncidentJob } from "./job-queue.ts";
import { type PipelinedTransaction, runPipelinedTransaction } from "./pipelined-transaction.ts";
import { withStoreErrors } from "./store-errors.ts";

export interface PostgresIngestRepositoryDeps {
  /** A pool opened by `openDatabase` (pipeline mode). */
  pool: pg.Pool;
  /** The queue the investigation of an opened incident is sent to, inside the ingest transaction. */
  boss: PgBoss;
}

type AnswerRow = { incident_id: string | null; alert_count: number };
type LookupRow = {
  ord: number;
  answered: boolean;
  answered_incident_id: string | null;
  answered_alerts: number | null;
  incident_id: string | null;
  incident_status: "open" | "resolved" | null;
};

/**
 * Ingest's transaction on Postgres. Every method issues its one statement when called (none for
 * an empty list), so that a batch of deliveries costs two round trips, COMMIT included.
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
      async lookUp(deliveries) {
        if (deliveries.length === 0) return [];
        const rows = await trx.query<LookupRow>(() => ingestStatements.lookUp(deliveries));
        const lookups = deliveries.map((): DeliveryLookup => ({ stored: null, found: null }));
        for (const row of rows) lookups[row.ord] = mapLookup(row);
        return lookups;
      },

      async assertNew(deliveries) {
        if (deliveries.length === 0) return;
        try {
          await trx.query(() => ingestStatements.assertNew(deliveries));
        } catch (error) {
          const details = error as { code?: unknown; message?: unknown };
          if (details.code === "P0004" && details.message === NOT_NEW_MESSAGE) {
            throw new DeliveriesNotNewError("a delivery planned as new was not", { cause: error });
          }
          throw error;
        }
      },

      async openIncidents(incidents) {
        if (incidents.length === 0) return new Set();
        const rows = await trx.query<{ id: string }>(() => ingestStatements.openIncidents(incidents));
        return new Set(rows.map((row) => row.id));
      },

      async upsertAlerts(links) {
        if (links.length === 0) return;
        await trx.query(() => ingestStatements.upsertAlerts(links));
      },

      async resolveIfSettled(incidents) {
        if (incidents.length === 0) return new Set();
        const rows = await trx.query<{ incident_id: string }>(() =>
          ingestStatements.resolveIfSettled(incidents),
        );
        return new Set(rows.map((row) => row.incident_id));
      },

      async enqueueInvestigations(incidentIds) {
        if (incidentIds.length === 0) return;
        const jobs = incidentIds.map((incidentId) => ({
          id: randomUUID(),
          name: INVESTIGATE_INCIDENT,
          data: { incidentId } satisfies InvestigateIncidentJob,
        }));
        // pg-boss's `insert` reports nothing about what it stored; the assertion, pipelined behind
        // it and ahead of a COMMIT that may already be on its way, fails the transaction instead.
        await Promise.all([
          trx.queryThrough((executeSql) => boss.insert(jobs, { db: { executeSql } })),
          trx.query(() => ingestStatements.assertJobsQueued(jobs.map((job) => job.id))),
        ]);
      },

      async recordDeliveries(records) {
        if (records.length === 0) return;
        try {
          await trx.query(() => ingestStatements.recordDeliveries(records));
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

function mapLookup(row: LookupRow): DeliveryLookup {
  return {
    stored: row.answered ? { incidentId: row.answered_incident_id, alerts: row.answered_alerts ?? 0 } : null,
    found:
      row.incident_id === null || row.incident_status === null
        ? null
        : { id: row.incident_id, status: row.incident_status },
  };
}

function mapAnswer(row: AnswerRow | undefined): StoredAnswer | null {
  return row === undefined ? null : { incidentId: row.incident_id, alerts: row.alert_count };
}
