import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
} from "kysely";
import type { AlertSource } from "../domain/index.ts";
import type { AuditEntry } from "../ingest/ingest-repository.ts";
import type { NormalizedAlert, NormalizedDelivery } from "../ingest/normalized-delivery.ts";
import type { Database } from "./database.ts";
import { INVESTIGATE_INCIDENT } from "./job-queue.ts";

/**
 * The statements of the ingest transaction, compiled by Kysely (which only builds them here;
 * they run on a pipelined connection). Each is a named prepared statement on its connection, so
 * a parameter must never be needed to plan one (see openIncident).
 */
const builder = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

export type IncidentLookup = { source: AlertSource; groupKey: string; fingerprints: string[] };

export const ingestStatements = {
  storedAnswer(delivery: NormalizedDelivery) {
    return builder
      .selectFrom("webhook_deliveries")
      .select(["incident_id", "alert_count"])
      .where("source", "=", delivery.source)
      .where("dedup_key", "=", delivery.dedupKey)
      .compile();
  },

  /** Open before resolved; the sender's own grouping before a fingerprint match; the oldest open, else the latest. */
  findIncident({ source, groupKey, fingerprints }: IncidentLookup) {
    return (
      builder
        .selectFrom("incidents")
        .select(["id", "status"])
        .where("id", "in", candidateIncidents(source, groupKey, fingerprints))
        .orderBy(sql`status = 'open'`, "desc")
        .orderBy(sql`(source = ${source} and group_key = ${groupKey})`, "desc")
        .orderBy(sql`case when status = 'open' then opened_at end`, "asc")
        .orderBy("opened_at", "desc")
        .limit(1)
        // Serializes deliveries for one incident, so that "none firing" is decided on current data.
        .forUpdate()
        .compile()
    );
  },

  openIncident(incident: {
    id: string;
    source: AlertSource;
    groupKey: string;
    externalId: string | null;
    title: string;
    severity: string;
    status: "open" | "resolved";
  }) {
    return (
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
        // A concurrent delivery opened this group first: nothing is inserted. The predicate is a
        // literal, not a parameter: Postgres picks the partial unique index when it prepares the
        // statement, before parameters are known.
        .onConflict((conflict) =>
          conflict.columns(["source", "group_key"]).where("status", "=", sql.lit("open")).doNothing(),
        )
        .returning("id")
        .compile()
    );
  },

  upsertAlerts(incidentId: string, alerts: NormalizedAlert[]) {
    return builder
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
      .compile();
  },

  /** Resolves the incident, with its audit event, when none of its alerts is firing; returns a row if it did. */
  resolveIfSettled(incidentId: string, actor: string) {
    return builder
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
      .compile();
  },

  /** Fails the transaction unless pg-boss really stored the job (its `send` reports that only afterwards). */
  assertJobQueued(jobId: string, incidentId: string) {
    return sql`select vigil_assert(
      exists (select 1 from pgboss.job where name = ${INVESTIGATE_INCIDENT} and id = ${jobId}::uuid),
      ${`investigation of incident ${incidentId} was not enqueued`})`.compile(builder);
  },

  /**
   * The delivery, its answer and its audit trail in one statement. No ON CONFLICT: a concurrent
   * copy of this delivery must fail the whole transaction, pipelined COMMIT included.
   */
  recordDelivery(
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
  },
};

/** The unique constraint that makes a second copy of a delivery fail. */
export const DELIVERY_DEDUP_CONSTRAINT = "webhook_deliveries_source_dedup_key_key";

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
