import { CompiledQuery, type Kysely, sql, type Transaction } from "kysely";
import type { AlertSource } from "../domain/index.ts";
import type { IngestRepository, IngestTransaction } from "../ingest/ingest-repository.ts";
import type { NormalizedAlert } from "../ingest/normalized-delivery.ts";
import type { Database } from "./database.ts";
import type { SqlExecutor } from "./job-queue.ts";
import { withStoreErrors } from "./store-errors.ts";

export interface KyselyIngestRepositoryDeps {
  db: Kysely<Database>;
  /** Enqueues the investigation through `executor`, i.e. inside the ingest transaction. */
  enqueueInvestigation: (incidentId: string, executor: SqlExecutor) => Promise<unknown>;
}

/** The ingest transaction on Postgres. Each method is one statement; a delivery costs 5 to 8 round trips. */
export function createKyselyIngestRepository({ db, enqueueInvestigation }: KyselyIngestRepositoryDeps): IngestRepository {
  return {
    transaction: (work) => withStoreErrors(() => db.transaction().execute((trx) => work(createTransaction(trx)))),
  };

  function createTransaction(trx: Transaction<Database>): IngestTransaction {
    return {
      async claimDelivery(delivery) {
        const inserted = await trx
          .insertInto("webhook_deliveries")
          .values({
            source: delivery.source,
            dedup_key: delivery.dedupKey,
            payload: JSON.stringify(delivery.payload),
            outcome: "accepted",
          })
          .onConflict((conflict) => conflict.columns(["source", "dedup_key"]).doNothing())
          .returning("id")
          .executeTakeFirst();
        if (inserted !== undefined) return { claimed: true, deliveryId: inserted.id };
        const previous = await trx
          .selectFrom("webhook_deliveries")
          .select(["incident_id", "alert_count"])
          .where("source", "=", delivery.source)
          .where("dedup_key", "=", delivery.dedupKey)
          .executeTakeFirstOrThrow();
        return { claimed: false, incidentId: previous.incident_id, alerts: previous.alert_count };
      },

      async findOpenIncident({ source, groupKey, fingerprints }) {
        const row = await trx
          .selectFrom("incidents")
          .select(["id", "status"])
          .where("status", "=", "open")
          .where("id", "in", candidateIncidents(source, groupKey, fingerprints))
          // The sender's own grouping wins over a fingerprint match; then the oldest incident.
          .orderBy(sql`(source = ${source} and group_key = ${groupKey})`, "desc")
          .orderBy("opened_at", "asc")
          .limit(1)
          // Serializes deliveries for one incident, so that "all alerts resolved" is decided on current data.
          .forUpdate()
          .executeTakeFirst();
        return row ?? null;
      },

      async findLatestIncident({ source, groupKey, fingerprints }) {
        const row = await trx
          .selectFrom("incidents")
          .select(["id", "status"])
          .where("id", "in", candidateIncidents(source, groupKey, fingerprints))
          .orderBy("opened_at", "desc")
          .limit(1)
          .forUpdate()
          .executeTakeFirst();
        return row ?? null;
      },

      async openIncident(incident) {
        const inserted = await trx
          .insertInto("incidents")
          .values({
            source: incident.source,
            group_key: incident.groupKey,
            external_id: incident.externalId,
            status: incident.status,
            title: incident.title,
            severity: incident.severity,
            resolved_at: incident.status === "resolved" ? new Date() : null,
          })
          .onConflict((conflict) =>
            conflict.columns(["source", "group_key"]).where("status", "=", "open").doNothing(),
          )
          .returning(["id", "status"])
          .executeTakeFirst();
        if (inserted !== undefined) return { ...inserted, created: true };
        // A concurrent delivery opened it first and has committed (the insert waited for it): join that one.
        const existing = await trx
          .selectFrom("incidents")
          .select(["id", "status"])
          .where("source", "=", incident.source)
          .where("group_key", "=", incident.groupKey)
          .where("status", "=", "open")
          .forUpdate()
          .executeTakeFirstOrThrow();
        return { ...existing, created: false };
      },

      async upsertAlerts(incidentId, alerts) {
        const rows = uniqueByIdentity(alerts).map(({ alert, raw }) => ({
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
        }));
        await trx
          .with("upserted", (qb) =>
            qb
              .insertInto("alerts")
              .values(rows)
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
          .expression((eb) => eb.selectFrom("upserted").select([eb.val(incidentId).as("incident_id"), "upserted.id"]))
          .onConflict((conflict) => conflict.columns(["incident_id", "alert_id"]).doNothing())
          .execute();
      },

      async resolveIfSettled(incidentId) {
        const resolved = await trx
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
          .returning("id")
          .executeTakeFirst();
        return resolved !== undefined;
      },

      async enqueueInvestigation(incidentId) {
        await enqueueInvestigation(incidentId, {
          executeSql: async (text, values) => {
            const result = await trx.executeQuery(CompiledQuery.raw(text, values));
            return { rows: result.rows as unknown[] };
          },
        });
      },

      async completeDelivery(deliveryId, answer, audit) {
        const update = trx
          .updateTable("webhook_deliveries")
          .set({ incident_id: answer.incidentId, alert_count: answer.alerts, outcome: answer.ignored ? "ignored" : "accepted" })
          .where("id", "=", deliveryId);
        if (audit.length === 0) {
          await update.execute();
          return;
        }
        // One round trip for the answer and the audit trail.
        await trx
          .with("answered", () => update.returning("id"))
          .insertInto("audit_events")
          .values(
            audit.map((entry) => ({
              incident_id: entry.incidentId,
              type: entry.type,
              actor: entry.actor,
              data: JSON.stringify(entry.data),
            })),
          )
          .execute();
      },
    };

    /** Incidents with this group key or holding one of these fingerprints; two index lookups, not a scan. */
    function candidateIncidents(source: AlertSource, groupKey: string, fingerprints: string[]) {
      return trx
        .selectFrom("incidents")
        .select("id")
        .where("source", "=", source)
        .where("group_key", "=", groupKey)
        .unionAll(
          trx
            .selectFrom("alerts")
            .innerJoin("incident_alerts", "incident_alerts.alert_id", "alerts.id")
            .select("incident_alerts.incident_id as id")
            .where("alerts.source", "=", source)
            .where("alerts.fingerprint", "=", sql<string>`any(${fingerprints}::text[])`),
        );
    }
  }
}

/** Postgres refuses to upsert one row twice in a statement; a delivery listing an alert twice keeps the last. */
function uniqueByIdentity(alerts: NormalizedAlert[]): NormalizedAlert[] {
  const byIdentity = new Map<string, NormalizedAlert>();
  for (const entry of alerts) {
    byIdentity.set(`${entry.alert.fingerprint}\u0000${entry.alert.startsAt.toISOString()}`, entry);
  }
  return [...byIdentity.values()];
}
