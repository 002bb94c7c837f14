import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { signPagerdutyBody } from "../../integrations/pagerduty/verify-pagerduty-signature.ts";

const fixtures = fileURLToPath(new URL("../../integrations/pagerduty/fixtures/", import.meta.url));

type FixtureName = "incident-triggered" | "incident-resolved" | "pagey-ping";

/** A v3 webhook body shaped exactly as PagerDuty documents and sends it. */
export function pagerdutyFixture(name: FixtureName): {
  event: Record<string, unknown> & { data: Record<string, unknown> };
} {
  return JSON.parse(readFileSync(`${fixtures}${name}.json`, "utf8"));
}

/** A lifecycle event for one PagerDuty incident, based on the recorded shape. */
export function pagerdutyIncidentEvent({
  eventType,
  incidentId,
  eventId,
  status,
  title,
}: {
  eventType: string;
  incidentId: string;
  eventId: string;
  status: "triggered" | "acknowledged" | "resolved";
  title?: string;
}): Record<string, unknown> {
  const body = pagerdutyFixture(status === "resolved" ? "incident-resolved" : "incident-triggered");
  body.event.id = eventId;
  body.event.event_type = eventType;
  body.event.data.id = incidentId;
  body.event.data.status = status;
  body.event.data.self = `https://api.pagerduty.com/incidents/${incidentId}`;
  body.event.data.html_url = `https://acme.pagerduty.com/incidents/${incidentId}`;
  if (title !== undefined) body.event.data.title = title;
  return body;
}

/** Headers PagerDuty sends with a delivery: JSON, `X-Webhook-Id`, and one `v1=` signature per secret. */
export function pagerdutyHeaders(
  body: string,
  { secrets, webhookId }: { secrets: string[]; webhookId: string },
) {
  return {
    "content-type": "application/json",
    "user-agent": "PagerDuty-Webhook/V3.0",
    "x-webhook-id": webhookId,
    "x-webhook-subscription": "PY1OYTU",
    "x-pagerduty-signature": signPagerdutyBody(body, secrets),
  };
}
