import { createHash } from "node:crypto";
import type { Alert } from "../../src/domain/index.ts";
import type { NormalizedDelivery } from "../../src/ingest/normalized-delivery.ts";
import type { AlertmanagerAlert, AlertmanagerWebhook } from "./alertmanager-webhook-schema.ts";

/**
 * Alertmanager sends no delivery id, and a retry resends the same bytes, so the body's hash
 * identifies a delivery. A later notification for the group differs (new alert, new status).
 */
export function mapAlertmanagerWebhook(
  webhook: AlertmanagerWebhook,
  rawBody: Uint8Array,
): NormalizedDelivery {
  return {
    source: "alertmanager",
    dedupKey: createHash("sha256").update(rawBody).digest("hex"),
    payload: webhook,
    event: `alertmanager.${webhook.status}`,
    alerts: webhook.alerts.map((alert) => ({
      alert: mapAlertmanagerAlert(alert, webhook.groupKey),
      raw: alert,
    })),
  };
}

export function mapAlertmanagerAlert(alert: AlertmanagerAlert, groupKey: string): Alert {
  const name = alert.labels.alertname ?? "unnamed alert";
  return {
    source: "alertmanager",
    fingerprint: alert.fingerprint,
    status: alert.status,
    name,
    severity: alert.labels.severity ?? "unknown",
    summary: alert.annotations.summary ?? alert.annotations.description ?? alert.annotations.message ?? name,
    labels: alert.labels,
    annotations: alert.annotations,
    startsAt: new Date(alert.startsAt),
    endsAt: mapEndsAt(alert),
    groupKey,
    externalId: null,
  };
}

// Go's zero time means "no end known". A firing alert's endsAt is only Alertmanager's resolve_timeout guess.
function mapEndsAt(alert: AlertmanagerAlert): Date | null {
  if (alert.status === "firing") return null;
  const endsAt = new Date(alert.endsAt);
  return endsAt.getUTCFullYear() <= 1 ? null : endsAt;
}
