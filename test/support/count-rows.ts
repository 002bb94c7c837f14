import { type Kysely, sql } from "kysely";
import type { Database } from "../../src/store/database.ts";

export interface RowCounts {
  incidents: number;
  alerts: number;
  incidentAlerts: number;
  deliveries: number;
  auditEvents: number;
  investigationJobs: number;
}

/** Every row ingest can write, including the queued investigations in pg-boss's table. */
export async function countRows(db: Kysely<Database>): Promise<RowCounts> {
  const { rows } = await sql<Record<keyof RowCounts, number>>`
    select
      (select count(*)::int from incidents) as "incidents",
      (select count(*)::int from alerts) as "alerts",
      (select count(*)::int from incident_alerts) as "incidentAlerts",
      (select count(*)::int from webhook_deliveries) as "deliveries",
      (select count(*)::int from audit_events) as "auditEvents",
      (select count(*)::int from pgboss.job where name = 'investigate-incident') as "investigationJobs"
  `.execute(db);
  return rows[0]!;
}

/** The `{ incidentId }` of every queued investigation, in pg-boss's own table. */
export async function queuedInvestigations(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ incidentId: string }>`
    select data->>'incidentId' as "incidentId" from pgboss.job where name = 'investigate-incident'
  `.execute(db);
  return rows.map((row) => row.incidentId);
}
