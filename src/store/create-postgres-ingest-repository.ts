import { randomUUID } from "node:crypto";
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
} from "kysely";
import type pg from "pg";
import type PgBoss from "pg-boss";
import type { AlertSource } from "../domain/index.ts";
import {
  type AuditEntry,
  DuplicateDeliveryError,
  type IngestRepository,
  type IngestTransaction,
} from "../ingest/ingest-repository.ts";
import type { NormalizedAlert, NormalizedDelivery } from "../ingest/normalized-delivery.ts";
import type { Database } from "./database.ts";
import { enqueueInvestigation, INVESTIGATE_INCIDENT } from "./job-queue.ts";
import { type PipelinedTransaction, runPipelinedTransaction } from "./pipelined-transaction.ts";
import { withStoreErrors } from "./store-errors.ts";

export interface PostgresIngestRepositoryDeps {
  /** A pool opened by `openDatabase` (pipeline mode). */
  pool: pg.Pool;
  /** The queue the investigation of an opened incident is sent to, inside the ingest transaction. */
  boss: PgBoss;
}

// Kysely only builds and compiles the statements here; they run on a pipelined connection.
const builder = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/**
 * Ingest's transaction on Postgres. Every method issues its statement at once, so the ingest
 * service can pipeline a delivery into two or three round trips.
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
        const { sql: text, parameters } = storedAnswerQuery(delivery).compile();
        const { rows } = await pool.query<{ incident_id: string | null; alert_count: number }>(text, [
          ...parameters,
        ]);
        const row = rows[0];
        return row === undefined ? null : { incidentId: row.incident_id, alerts: row.alert_count };
      }),
  };

  function createTransaction(trx: PipelinedTransaction): IngestTransaction {
    return {
      async findDelivery(delivery) {
        const [row] = await trx.query<{ incident_id: string | null; alert_count: number }>(() =>
          storedAnswerQuery(delivery).compile(),
        );
        return row === undefined ? null : { incidentId: row.incident_id, alerts: row.alert_count };
      },

      async findIncident({ source, groupKey, fingerprints }) {
        const [row] = await trx.query<{ id: string; status: "open" | "resolved" }>(() =>
          builder
            .selectFrom("incidents")
            .select(["id", "status"])
            .where("id", "in", candidateIncidents(source, groupKey, fingerprints))
            // Open before resolved; the sender's own grouping before a fingerprint match; the
            // oldest open incident, else the latest resolved one.
            .orderBy(sql`status = 'open'`, "desc")
            .orderBy(sql`(source = ${source} and group_key = ${groupKey})`, "desc")
            .orderBy(sql`case when status = 'open' then opened_at end`, "asc")
            .orderBy("opened_at", "desc")
            .limit(1)
            // Serializes deliveries for one incident, so that "none firing" is decided on current data.
            .forUpdate()
            .compile(),
        );
        return row ?? null;
      },

      async openIncident(incident) {
        const rows = await trx.query<{ id: string }>(() =>
          builder
            .insertInto("incidents")
            .values({
              id: incident.id,
              source: incident.source,
              group_key: incident.groupKey,
              external_id: incident.externalId,
              status: incident.status,
              title: incident.title,
              severity: incident.severity,
              resolved_at: incident.status === "resolved" ? sql<Date>`now()` : null,
            })
            // A concurrent delivery opened this group first: nothing is inserted and the caller
            // retries. The predicate is a literal, not a parameter: Postgres matches the partial
            // unique index when it prepares the statement, before parameters are known.
            .onConflict((conflict) =>
              conflict.columns(["source", "group_key"]).where("status", "=", sql.lit("open")).doNothing(),
            )
            .returning("id")
            .compile(),
        );
        return { created: rows.length === 1 };
      },

      async upsertAlerts(incidentId, alerts) {
        await trx.query(() =>
          builder
            .with("upserted", (qb) =>
              qb
                .insertInto("alerts")
                .values(uniqueByIdentity(alerts).map(mapAlertRow))
                .onConflict((conflict) =>
                  conflict.columns(["source", "fingerprint", "starts_at"]).doUpdateSet((eb) => ({
                    status: eb.ref("excluded.status"),
                    ends_at: eb.ref("excluded.ends_at"),
                    severity: eb.ref("excluded.severity"),
                    summary: eb.ref("excluded.summary"),
                    labels: eb.ref("excluded.labels"),
                    annotations: eb.ref("excluded.annotations"),
                    raw: eb.ref("excluded.raw"),
                    updated_at: sql<Date>`now()`,
                  })),
                )
                .returning("id"),
            )
            .insertInto("incident_alerts")
            .columns(["incident_id", "alert_id"])
            .expression((eb) =>
              eb.selectFrom("upserted").select([eb.val(incidentId).as("incident_id"), "upserted.id"]),
            )
            .onConflict((conflict) => conflict.columns(["incident_id", "alert_id"]).doNothing())
            .compile(),
        );
      },

      async resolveIfSettled(incidentId, actor) {
        // A separate statement from the upsert, so that it sees the alerts' new status.
        const rows = await trx.query<{ incident_id: string }>(() =>
          builder
            .with("resolved", (qb) =>
              qb
                .updateTable("incidents")
                .set({ status: "resolved", resolved_at: sql<Date>`now()`, updated_at: sql<Date>`now()` })
                .where("id", "=", incidentId)
                .where("status", "=", "open")
                .where(({ not, exists, selectFrom }) =>
                  not(
                    exists(
                      selectFrom("incident_alerts")
                        .innerJoin("alerts", "alerts.id", "incident_alerts.alert_id")
                        .select(sql`1`.as("one"))
                        .where("incident_alerts.incident_id", "=", incidentId)
                        .where("alerts.status", "=", "firing"),
                    ),
                  ),
                )
                .returning("id"),
            )
            .insertInto("audit_events")
            .columns(["incident_id", "type", "actor", "data"])
            .expression((eb) =>
              eb
                .selectFrom("resolved")
                .select([
                  "resolved.id",
                  eb.val("incident.resolved").as("type"),
                  eb.val(actor).as("actor"),
                  eb.val("{}").as("data"),
                ]),
            )
            .returning("incident_id")
            .compile(),
        );
        return rows.length > 0;
      },

      async enqueueInvestigation(incidentId) {
        const jobId = randomUUID();
        await Promise.all([
          trx.queryThrough((executeSql) => enqueueInvestigation(boss, incidentId, { executeSql }, jobId)),
          // Pipelined behind the insert: if pg-boss stored nothing, this fails the transaction, and
          // with it a COMMIT that may already be on its way.
          trx.query(() =>
            sql`select vigil_assert(exists (select 1 from pgboss.job where name = ${INVESTIGATE_INCIDENT} and id = ${jobId}::uuid), ${`investigation of incident ${incidentId} was not enqueued`})`.compile(
              builder,
            ),
          ),
        ]);
      },

      async recordDelivery(delivery, record, audit) {
        try {
          await trx.query(() => recordDeliveryStatement(delivery, record, audit));
        } catch (error) {
          if (isUniqueViolation(error, "webhook_deliveries_source_dedup_key_key")) {
            throw new DuplicateDeliveryError();
          }
          throw error;
        }
      },

      commit: () => trx.commit(),
    };
  }
}

/**
 * One statement for the delivery, its answer and its audit trail. No ON CONFLICT: a concurrent
 * copy of this delivery must fail the whole transaction, pipelined COMMIT included.
 */
function recordDeliveryStatement(
  delivery: NormalizedDelivery,
  record: { id: string; incidentId: string | null; alerts: number },
  audit: AuditEntry[],
) {
  const insert = builder.insertInto("webhook_deliveries").values({
    id: record.id,
    source: delivery.source,
    dedup_key: delivery.dedupKey,
    payload: JSON.stringify(delivery.payload),
    outcome: record.incidentId === null ? "ignored" : "accepted",
    incident_id: record.incidentId,
    alert_count: record.alerts,
  });
  if (audit.length === 0) return insert.compile();
  return builder
    .with("recorded", () => insert.returning("id"))
    .insertInto("audit_events")
    .values(
      audit.map((entry) => ({
        incident_id: entry.incidentId,
        type: entry.type,
        actor: entry.actor,
        data: JSON.stringify(entry.data),
      })),
    )
    .compile();
}

function storedAnswerQuery(delivery: NormalizedDelivery) {
  return builder
    .selectFrom("webhook_deliveries")
    .select(["incident_id", "alert_count"])
    .where("source", "=", delivery.source)
    .where("dedup_key", "=", delivery.dedupKey);
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const details = error as { code?: unknown; constraint?: unknown };
  return details.code === "23505" && details.constraint === constraint;
}

/** Incidents with this group key or holding one of these fingerprints: two index lookups, not a scan. */
function candidateIncidents(source: AlertSource, groupKey: string, fingerprints: string[]) {
  return builder
    .selectFrom("incidents")
    .select("id")
    .where("source", "=", source)
    .where("group_key", "=", groupKey)
    .unionAll(
      builder
        .selectFrom("alerts")
        .innerJoin("incident_alerts", "incident_alerts.alert_id", "alerts.id")
        .select("incident_alerts.incident_id as id")
        .where("alerts.source", "=", source)
        .where("alerts.fingerprint", "=", sql<string>`any(${fingerprints}::text[])`),
    );
}

function mapAlertRow({ alert, raw }: NormalizedAlert) {
  return {
    source: alert.source,
    fingerprint: alert.fingerprint,
    status: alert.status,
    name: alert.name,
    severity: alert.severity,
    summary: alert.summary,
    labels: JSON.stringify(alert.labels),
    annotations: JSON.stringify(alert.annotations),
    starts_at: alert.startsAt,
    ends_at: alert.endsAt,
    group_key: alert.groupKey,
    external_id: alert.externalId,
    raw: JSON.stringify(raw),
  };
}

/** Postgres refuses to upsert one row twice in a statement; a delivery listing an alert twice keeps the last. */
function uniqueByIdentity(alerts: NormalizedAlert[]): NormalizedAlert[] {
  const byIdentity = new Map<string, NormalizedAlert>();
  for (const entry of alerts) {
    byIdentity.set(`${entry.alert.fingerprint}\u0000${entry.alert.startsAt.toISOString()}`, entry);
  }
  return [...byIdentity.values()];
}
