import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const fixtures = fileURLToPath(new URL("../../integrations/alertmanager/fixtures/", import.meta.url));

/** A delivery exactly as Alertmanager 0.25 sent it (recorded from Debian's prometheus-alertmanager). */
export function recordedAlertmanagerBody(name: "webhook-firing" | "webhook-resolved"): string {
  return readFileSync(`${fixtures}${name}.json`, "utf8");
}

export interface AlertInput {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  status?: "firing" | "resolved";
  startsAt?: string;
  endsAt?: string;
  fingerprint?: string;
}

/**
 * Builds a webhook body the way Alertmanager's notify/webhook does: version 4, the group's key,
 * common labels and annotations as the intersection over its alerts, Go's zero time for no end.
 */
export function alertmanagerWebhook({
  alerts,
  groupLabels,
  groupKey,
  receiver = "vigil",
}: {
  alerts: AlertInput[];
  groupLabels?: Record<string, string>;
  groupKey?: string;
  receiver?: string;
}): Record<string, unknown> {
  const first = alerts[0];
  if (first === undefined) throw new Error("an Alertmanager notification has at least one alert");
  const group = groupLabels ?? { alertname: first.labels.alertname ?? "" };
  const built = alerts.map((alert) => ({
    status: alert.status ?? "firing",
    labels: alert.labels,
    annotations: alert.annotations ?? {},
    startsAt: alert.startsAt ?? "2024-05-14T09:10:00Z",
    endsAt: alert.endsAt ?? (alert.status === "resolved" ? "2024-05-14T09:40:00Z" : "0001-01-01T00:00:00Z"),
    generatorURL: "http://prometheus:9090/graph?g0.expr=up",
    fingerprint: alert.fingerprint ?? fingerprintOf(alert.labels),
  }));
  return {
    receiver,
    status: built.some((alert) => alert.status === "firing") ? "firing" : "resolved",
    alerts: built,
    groupLabels: group,
    commonLabels: intersect(built.map((alert) => alert.labels)),
    commonAnnotations: intersect(built.map((alert) => alert.annotations)),
    externalURL: "http://alertmanager:9093",
    version: "4",
    groupKey:
      groupKey ??
      `{}:{${Object.entries(group)
        .map(([key, value]) => `${key}="${value}"`)
        .join(", ")}}`,
    truncatedAlerts: 0,
  };
}

/** Alertmanager's fingerprint is a 64-bit hash of the label set, printed as 16 hex digits. */
export function fingerprintOf(labels: Record<string, string>): string {
  const canonical = Object.keys(labels)
    .sort()
    .map((key) => `${key}=${labels[key]}`)
    .join(",");
  return createHash("sha256").update(canonical).digest("hex").slice(0, 16);
}

function intersect(maps: Record<string, string>[]): Record<string, string> {
  const [first, ...rest] = maps;
  if (first === undefined) return {};
  return Object.fromEntries(
    Object.entries(first).filter(([key, value]) => rest.every((map) => map[key] === value)),
  );
}
