import { alertmanagerWebhookSchema } from "../../integrations/alertmanager/alertmanager-webhook-schema.ts";
import { mapAlertmanagerAlert } from "../../integrations/alertmanager/map-alertmanager-webhook.ts";
import { mapPagerdutyWebhook } from "../../integrations/pagerduty/map-pagerduty-webhook.ts";
import { pagerdutyWebhookSchema } from "../../integrations/pagerduty/pagerduty-webhook-schema.ts";
import type { AlertContext } from "../agent/investigation-scope.ts";
import type { Alert } from "../domain/alert.ts";

export interface RecordableAlert {
  source: "alertmanager" | "pagerduty";
  /** The body exactly as given; it goes into the case as is. */
  payload: Record<string, unknown>;
  /** The alerts as ingest stores them and the investigation reads them, oldest first. */
  alerts: AlertContext[];
}

export type ReadAlertResult = { ok: true; alert: RecordableAlert } | { ok: false; message: string };

/**
 * Checks a webhook body the way ingest does (Alertmanager v4, or a PagerDuty v3 envelope about an
 * incident) and turns its alerts into what the investigation reads. Which sender it is follows
 * from the shape: a PagerDuty envelope has `event`, an Alertmanager body has `alerts`.
 */
export function readAlertPayload(payload: unknown): ReadAlertResult {
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) {
    return {
      ok: false,
      message: "the alert must be a JSON object (an Alertmanager or PagerDuty webhook body)",
    };
  }
  const body = payload as Record<string, unknown>;
  if ("event" in body) return readPagerduty(body);
  if ("alerts" in body) return readAlertmanager(body);
  return {
    ok: false,
    message: 'not an Alertmanager v4 body (no "alerts") nor a PagerDuty v3 envelope (no "event")',
  };
}

function readAlertmanager(body: Record<string, unknown>): ReadAlertResult {
  const parsed = alertmanagerWebhookSchema.safeParse(body);
  if (!parsed.success)
    return { ok: false, message: `not a valid Alertmanager v4 body: ${issueOf(parsed.error)}` };
  const alerts = parsed.data.alerts.map((alert) => mapAlertmanagerAlert(alert, parsed.data.groupKey));
  return firingOnly("alertmanager", body, alerts);
}

function readPagerduty(body: Record<string, unknown>): ReadAlertResult {
  const parsed = pagerdutyWebhookSchema.safeParse(body);
  if (!parsed.success)
    return { ok: false, message: `not a valid PagerDuty v3 envelope: ${issueOf(parsed.error)}` };
  const mapped = mapPagerdutyWebhook(parsed.data, undefined);
  if (!mapped.ok) return { ok: false, message: `not a valid PagerDuty incident: ${mapped.message}` };
  if (mapped.delivery.alerts.length === 0) {
    return {
      ok: false,
      message: `the PagerDuty event ${parsed.data.event.event_type} is not about an incident; nothing to investigate`,
    };
  }
  return firingOnly(
    "pagerduty",
    body,
    mapped.delivery.alerts.map(({ alert }) => alert),
  );
}

/** Ingest opens no investigation for a delivery with nothing firing, so neither can a recording. */
function firingOnly(
  source: RecordableAlert["source"],
  payload: Record<string, unknown>,
  alerts: Alert[],
): ReadAlertResult {
  if (!alerts.some((alert) => alert.status === "firing")) {
    return { ok: false, message: "no alert in the payload is firing; Vigil would not investigate it" };
  }
  const contexts = alerts
    .map(
      (alert): AlertContext => ({
        source: alert.source,
        name: alert.name,
        severity: alert.severity,
        summary: alert.summary,
        status: alert.status,
        labels: alert.labels,
        annotations: alert.annotations,
        startsAt: Math.floor(alert.startsAt.getTime() / 1000),
      }),
    )
    .sort((a, b) => a.startsAt - b.startsAt);
  return { ok: true, alert: { source, payload, alerts: contexts } };
}

function issueOf(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): string {
  const issue = error.issues[0];
  if (!issue) return "invalid";
  const path = issue.path.map(String).join(".");
  return path ? `${path}: ${issue.message}` : issue.message;
}
