import { type Kysely, sql } from "kysely";
import type { AlertSource, AlertStatus, RcaDocument } from "../domain/index.ts";
import type { Database, IncidentRow, IncidentStatus } from "./database.ts";

export interface IncidentSummary {
  id: string;
  source: AlertSource;
  groupKey: string;
  externalId: string | null;
  status: IncidentStatus;
  title: string;
  severity: string;
  openedAt: string;
  resolvedAt: string | null;
  alertCount: number;
}

export interface IncidentAlertView {
  id: string;
  source: AlertSource;
  fingerprint: string;
  status: AlertStatus;
  name: string;
  severity: string;
  summary: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string | null;
  raw: unknown;
}

export interface AuditEventView {
  id: string;
  type: string;
  actor: string;
  data: Record<string, unknown>;
  at: string;
}

export interface IncidentDetail extends IncidentSummary {
  alerts: IncidentAlertView[];
  audit: AuditEventView[];
  /** null until an investigation has written one. */
  rca: RcaDocument | null;
}

export interface IncidentQueries {
  list(options?: { status?: IncidentStatus; limit?: number }): Promise<IncidentSummary[]>;
  get(id: string): Promise<IncidentDetail | null>;
}

export function createIncidentQueries(db: Kysely<Database>): IncidentQueries {
  const alertCount = sql<number>`(select count(*)::int from incident_alerts where incident_alerts.incident_id = incidents.id)`;

  return {
    async list({ status, limit = 50 } = {}) {
      let query = db.selectFrom("incidents").selectAll().select(alertCount.as("alert_count"));
      if (status !== undefined) query = query.where("status", "=", status);
      const rows = await query.orderBy("opened_at", "desc").orderBy("id", "desc").limit(limit).execute();
      return rows.map((row) => mapSummary(row, row.alert_count));
    },

    async get(id) {
      const incident = await db
        .selectFrom("incidents")
        .selectAll()
        .select(alertCount.as("alert_count"))
        .where("id", "=", id)
        .executeTakeFirst();
      if (incident === undefined) return null;
      const [alerts, audit, rca] = await Promise.all([
        db
          .selectFrom("incident_alerts")
          .innerJoin("alerts", "alerts.id", "incident_alerts.alert_id")
          .selectAll("alerts")
          .where("incident_alerts.incident_id", "=", id)
          .orderBy("alerts.starts_at")
          .orderBy("alerts.fingerprint")
          .execute(),
        db.selectFrom("audit_events").selectAll().where("incident_id", "=", id).orderBy("id").execute(),
        db.selectFrom("rcas").select("document").where("incident_id", "=", id).executeTakeFirst(),
      ]);
      return {
        ...mapSummary(incident, incident.alert_count),
        alerts: alerts.map((alert) => ({
          id: alert.id,
          source: alert.source,
          fingerprint: alert.fingerprint,
          status: alert.status,
          name: alert.name,
          severity: alert.severity,
          summary: alert.summary,
          labels: alert.labels,
          annotations: alert.annotations,
          startsAt: alert.starts_at.toISOString(),
          endsAt: alert.ends_at?.toISOString() ?? null,
          raw: alert.raw,
        })),
        audit: audit.map((event) => ({
          id: event.id,
          type: event.type,
          actor: event.actor,
          data: event.data,
          at: event.at.toISOString(),
        })),
        rca: rca?.document ?? null,
      };
    },
  };
}

function mapSummary(row: IncidentRow, alertCount: number): IncidentSummary {
  return {
    id: row.id,
    source: row.source,
    groupKey: row.group_key,
    externalId: row.external_id,
    status: row.status,
    title: row.title,
    severity: row.severity,
    openedAt: row.opened_at.toISOString(),
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    alertCount,
  };
}
