import type { Alert } from "../../src/domain/index.ts";
import type { NormalizedDelivery } from "../../src/ingest/normalized-delivery.ts";
import {
  type PagerdutyIncident,
  type PagerdutyWebhook,
  pagerdutyIncidentSchema,
} from "./pagerduty-webhook-schema.ts";

export type MapPagerdutyResult =
  | { ok: true; delivery: NormalizedDelivery }
  | { ok: false; field: string; message: string };

/**
 * A PagerDuty incident becomes one alert whose group key is the incident id, so every event
 * about it (acknowledged, escalated, resolved) lands in the same Vigil incident. Events about
 * something else (pagey.ping, service.updated, notes) are accepted and stored with no alert.
 */
export function mapPagerdutyWebhook(
  webhook: PagerdutyWebhook,
  webhookId: string | undefined,
): MapPagerdutyResult {
  const { event } = webhook;
  // PagerDuty always sends X-Webhook-Id and keeps it across retries; the event id is the next best thing.
  const base = {
    source: "pagerduty" as const,
    dedupKey: webhookId ?? event.id,
    payload: webhook,
    event: event.event_type,
  };
  if (event.data.type !== "incident") return { ok: true, delivery: { ...base, alerts: [] } };

  const parsed = pagerdutyIncidentSchema.safeParse(event.data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = ["event", "data", ...issue.path.map(String)].join(".");
    return { ok: false, field, message: `${field}: ${issue.message}` };
  }
  return {
    ok: true,
    delivery: {
      ...base,
      alerts: [{ alert: mapPagerdutyIncident(parsed.data, event.occurred_at), raw: event.data }],
    },
  };
}

export function mapPagerdutyIncident(incident: PagerdutyIncident, occurredAt: string): Alert {
  const labels: Record<string, string> = {
    service: incident.service.summary ?? incident.service.id,
    pagerduty_service_id: incident.service.id,
  };
  if (incident.urgency !== undefined) labels.urgency = incident.urgency;
  if (incident.priority?.summary !== undefined) labels.priority = incident.priority.summary;
  if (incident.number !== undefined) labels.incident_number = String(incident.number);
  const annotations: Record<string, string> = {};
  if (incident.html_url !== undefined) annotations.html_url = incident.html_url;
  if (incident.incident_key != null) annotations.incident_key = incident.incident_key;

  const resolved = incident.status === "resolved";
  return {
    source: "pagerduty",
    fingerprint: incident.id,
    // Acknowledged means someone is on it, not that it stopped.
    status: resolved ? "resolved" : "firing",
    name: incident.title,
    severity: incident.priority?.summary ?? incident.urgency ?? "unknown",
    summary: incident.title,
    labels,
    annotations,
    startsAt: new Date(incident.created_at),
    endsAt: resolved ? new Date(occurredAt) : null,
    groupKey: incident.id,
    externalId: incident.id,
  };
}
