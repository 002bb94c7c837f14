import type { ColumnType, Generated, Insertable, Selectable } from "kysely";
import type { AlertSource, AlertStatus, RcaDocument } from "../domain/index.ts";
import type { ApprovalTables } from "./tables/approval-tables.ts";
import type { MitigationTables } from "./tables/mitigation-tables.ts";
import type { ModelUsageTables } from "./tables/model-usage-tables.ts";
import type { OutboundNoteTables } from "./tables/outbound-note-tables.ts";

/** jsonb: read back as parsed JSON, written as a JSON string (pg would turn JS arrays into Postgres arrays). */
export type Json<T = unknown> = ColumnType<T, string, string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

export type IncidentStatus = "open" | "resolved";
export type DeliveryOutcome = "accepted" | "ignored";

export interface IncidentsTable {
  id: Generated<string>;
  source: AlertSource;
  /** Alertmanager `groupKey`, PagerDuty incident id. At most one open incident per (source, group_key). */
  group_key: string;
  external_id: string | null;
  status: IncidentStatus;
  title: string;
  severity: string;
  opened_at: CreatedAt;
  resolved_at: Date | null;
  updated_at: UpdatedAt;
}

/** One alert occurrence: (source, fingerprint, starts_at) is stable across redeliveries and updates. */
export interface AlertsTable {
  id: Generated<string>;
  source: AlertSource;
  fingerprint: string;
  status: AlertStatus;
  name: string;
  severity: string;
  summary: string;
  labels: Json<Record<string, string>>;
  annotations: Json<Record<string, string>>;
  starts_at: Date;
  ends_at: Date | null;
  group_key: string;
  external_id: string | null;
  /** The alert exactly as the sender described it, latest version. */
  raw: Json;
  received_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface IncidentAlertsTable {
  incident_id: string;
  alert_id: string;
  added_at: CreatedAt;
}

/** Every delivery that got a 2xx, with the answer it got, so a redelivery gets the same answer. */
export interface WebhookDeliveriesTable {
  id: Generated<string>;
  source: AlertSource;
  /** PagerDuty `X-Webhook-Id`; for Alertmanager, which has no delivery id, the SHA-256 of the body. */
  dedup_key: string;
  received_at: CreatedAt;
  /** The whole request body as received. */
  payload: Json;
  outcome: DeliveryOutcome;
  incident_id: string | null;
  alert_count: Generated<number>;
}

/** Append-only: a trigger makes Postgres refuse UPDATE, DELETE and TRUNCATE. */
export interface AuditEventsTable {
  id: Generated<string>;
  incident_id: string | null;
  /** `<noun>.<verb>`, e.g. `incident.opened`, `investigation.requested`. */
  type: string;
  actor: string;
  data: Json<Record<string, unknown>>;
  at: CreatedAt;
}

export interface RcasTable {
  incident_id: string;
  document: Json<RcaDocument>;
  created_at: CreatedAt;
}

export interface Database extends ApprovalTables, MitigationTables, ModelUsageTables, OutboundNoteTables {
  incidents: IncidentsTable;
  alerts: AlertsTable;
  incident_alerts: IncidentAlertsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  audit_events: AuditEventsTable;
  rcas: RcasTable;
}

export type IncidentRow = Selectable<IncidentsTable>;
export type AlertRow = Selectable<AlertsTable>;
export type NewAlertRow = Insertable<AlertsTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
export type RcaRow = Selectable<RcasTable>;
