import { labelFingerprint } from "./alerts.ts";
import { type Err, isObj, type Json, RFC3339 } from "./check-common.ts";

export function checkAlertmanager(p: Json, now: number, err: Err) {
  if (p.version !== "4") err("$.alert.payload.version", 'must be "4"');
  for (const key of ["groupKey", "receiver", "externalURL", "status"])
    if (typeof p[key] !== "string") err(`$.alert.payload.${key}`, "required string");
  if (typeof p.truncatedAlerts !== "number") err("$.alert.payload.truncatedAlerts", "required number");
  for (const key of ["groupLabels", "commonLabels", "commonAnnotations"])
    if (!isObj(p[key])) err(`$.alert.payload.${key}`, "required object");
  const alerts = Array.isArray(p.alerts) ? p.alerts : [];
  if (alerts.length === 0) err("$.alert.payload.alerts", "needs at least one alert");
  alerts.forEach((a, i) => {
    const path = `$.alert.payload.alerts[${i}]`;
    if (!isObj(a)) {
      err(path, "must be an object");
      return;
    }
    if (a.status !== "firing") err(`${path}.status`, "must be firing");
    const labels = isObj(a.labels) ? (a.labels as Record<string, string>) : {};
    if (typeof labels.alertname !== "string") err(`${path}.labels.alertname`, "required");
    if (!isObj(a.annotations)) err(`${path}.annotations`, "required object");
    if (a.endsAt !== "0001-01-01T00:00:00Z") err(`${path}.endsAt`, "firing alerts carry the zero time");
    if (typeof a.generatorURL !== "string") err(`${path}.generatorURL`, "required string");
    if (a.fingerprint !== labelFingerprint(labels)) err(`${path}.fingerprint`, "does not match the labels");
    checkStart(`${path}.startsAt`, a.startsAt, now, err);
  });
}

export function checkPagerduty(p: Json, now: number, err: Err) {
  const e = isObj(p.event) ? p.event : null;
  if (!e) {
    err("$.alert.payload.event", "required object");
    return;
  }
  if (e.event_type !== "incident.triggered")
    err("$.alert.payload.event.event_type", "must be incident.triggered");
  if (e.resource_type !== "incident") err("$.alert.payload.event.resource_type", "must be incident");
  for (const key of ["id", "occurred_at"])
    if (typeof e[key] !== "string") err(`$.alert.payload.event.${key}`, "required string");
  for (const key of ["agent", "client"])
    if (!(key in e)) err(`$.alert.payload.event.${key}`, "required (may be null)");
  const d = isObj(e.data) ? e.data : null;
  if (!d) {
    err("$.alert.payload.event.data", "required object");
    return;
  }
  for (const key of ["id", "self", "html_url", "incident_key", "title", "urgency"])
    if (typeof d[key] !== "string") err(`$.alert.payload.event.data.${key}`, "required string");
  if (d.type !== "incident" || d.status !== "triggered")
    err("$.alert.payload.event.data", "type incident, status triggered");
  if (typeof d.number !== "number") err("$.alert.payload.event.data.number", "required number");
  const svc = isObj(d.service) ? d.service : null;
  if (svc?.type !== "service_reference" || typeof svc?.summary !== "string")
    err("$.alert.payload.event.data.service", "service_reference with summary");
  for (const key of ["assignees", "teams"])
    if (!Array.isArray(d[key])) err(`$.alert.payload.event.data.${key}`, "required array");
  for (const key of ["escalation_policy", "priority", "conference_bridge", "resolve_reason"])
    if (!(key in d)) err(`$.alert.payload.event.data.${key}`, "required (may be null)");
  if ("labels" in d || "custom_details" in d)
    err("$.alert.payload.event.data", "a title-only incident carries no labels");
  checkStart("$.alert.payload.event.data.created_at", d.created_at, now, err);
}

function checkStart(path: string, value: unknown, now: number, err: Err) {
  if (typeof value !== "string" || !RFC3339.test(value)) {
    err(path, "must be RFC 3339 UTC");
    return;
  }
  const lead = now - Date.parse(value) / 1000;
  if (lead < 120 || lead > 300) err(path, `now must be 2-5 min after the alert (is ${Math.round(lead)} s)`);
}
