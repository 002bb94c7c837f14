import { describe, expect, it } from "vitest";
import { mapPagerdutyWebhook } from "../../../integrations/pagerduty/map-pagerduty-webhook.ts";
import { pagerdutyWebhookSchema } from "../../../integrations/pagerduty/pagerduty-webhook-schema.ts";
import { pagerdutyFixture, pagerdutyIncidentEvent } from "../../support/pagerduty-payloads.ts";

function map(body: unknown, webhookId?: string) {
  return mapPagerdutyWebhook(pagerdutyWebhookSchema.parse(body), webhookId);
}

describe("mapPagerdutyWebhook", () => {
  it("turns incident.triggered into one firing alert grouped by the PagerDuty incident id", () => {
    const mapped = map(pagerdutyFixture("incident-triggered"), "wh-1");
    if (!mapped.ok) throw new Error(mapped.message);
    expect(mapped.delivery).toMatchObject({
      source: "pagerduty",
      dedupKey: "wh-1",
      event: "incident.triggered",
    });
    expect(mapped.delivery.alerts.map(({ alert }) => alert)).toEqual([
      {
        source: "pagerduty",
        fingerprint: "Q2K7VN1HZ8D4RT",
        status: "firing",
        name: "[FIRING:1] HighErrorRate checkout (critical)",
        severity: "P1",
        summary: "[FIRING:1] HighErrorRate checkout (critical)",
        labels: {
          service: "checkout",
          pagerduty_service_id: "PF9KMXH",
          urgency: "high",
          priority: "P1",
          incident_number: "4812",
        },
        annotations: {
          html_url: "https://acme.pagerduty.com/incidents/Q2K7VN1HZ8D4RT",
          incident_key: "a4f3c2b1d0e94f8b9c7d6e5f4a3b2c1d",
        },
        startsAt: new Date("2024-05-14T09:12:31Z"),
        endsAt: null,
        groupKey: "Q2K7VN1HZ8D4RT",
        externalId: "Q2K7VN1HZ8D4RT",
      },
    ]);
  });

  it("keeps an acknowledged incident firing and ends a resolved one when the event occurred", () => {
    const acknowledged = map(
      pagerdutyIncidentEvent({
        eventType: "incident.acknowledged",
        eventId: "e",
        incidentId: "P1",
        status: "acknowledged",
      }),
    );
    const resolved = map(pagerdutyFixture("incident-resolved"));
    if (!acknowledged.ok || !resolved.ok) throw new Error("expected both to map");
    expect(acknowledged.delivery.alerts[0]?.alert.status).toBe("firing");
    expect(resolved.delivery.alerts[0]?.alert).toMatchObject({
      status: "resolved",
      endsAt: new Date("2024-05-14T09:41:02.117Z"),
    });
  });

  it("maps events about something other than an incident to no alerts", () => {
    const mapped = map(pagerdutyFixture("pagey-ping"), "wh-ping");
    expect(mapped).toEqual({
      ok: true,
      delivery: expect.objectContaining({ event: "pagey.ping", alerts: [], dedupKey: "wh-ping" }),
    });
  });

  it("uses the event id as dedup key when X-Webhook-Id is missing", () => {
    const mapped = map(pagerdutyFixture("incident-triggered"));
    expect(mapped.ok && mapped.delivery.dedupKey).toBe("01DEN4HXRHM1X35YFJ0OBCTXA9");
  });

  it("names the field of an incident that does not match the v3 schema", () => {
    const body = pagerdutyFixture("incident-triggered");
    body.event.data.status = "on-fire";
    expect(map(body)).toMatchObject({ ok: false, field: "event.data.status" });
  });
});
