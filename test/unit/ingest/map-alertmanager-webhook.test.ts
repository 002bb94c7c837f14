import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { alertmanagerWebhookSchema } from "../../../integrations/alertmanager/alertmanager-webhook-schema.ts";
import { mapAlertmanagerWebhook } from "../../../integrations/alertmanager/map-alertmanager-webhook.ts";
import { alertmanagerWebhook, recordedAlertmanagerBody } from "../../support/alertmanager-payloads.ts";

function map(body: string) {
  return mapAlertmanagerWebhook(
    alertmanagerWebhookSchema.parse(JSON.parse(body)),
    new TextEncoder().encode(body),
  );
}

describe("mapAlertmanagerWebhook", () => {
  it("normalizes a recorded Alertmanager 0.25 firing notification", () => {
    const body = recordedAlertmanagerBody("webhook-firing");
    const delivery = map(body);
    expect(delivery).toMatchObject({
      source: "alertmanager",
      dedupKey: createHash("sha256").update(body).digest("hex"),
      event: "alertmanager.firing",
    });
    expect(delivery.alerts).toHaveLength(1);
    expect(delivery.alerts[0]?.alert).toEqual({
      source: "alertmanager",
      fingerprint: "29dfb52689eade8a",
      status: "firing",
      name: "HighErrorRate",
      severity: "critical",
      summary: "checkout 5xx above 5%",
      labels: { alertname: "HighErrorRate", namespace: "shop", service: "checkout", severity: "critical" },
      annotations: { summary: "checkout 5xx above 5%" },
      startsAt: new Date("2026-12-01T21:04:22Z"),
      // Go's zero time, 0001-01-01T00:00:00Z, means no end.
      endsAt: null,
      groupKey: '{}:{alertname="HighErrorRate", service="checkout"}',
      externalId: null,
    });
    expect(delivery.alerts[0]?.raw).toMatchObject({ generatorURL: "http://prometheus:9090/graph?g0.expr=x" });
  });

  it("keeps the end time of a resolved alert", () => {
    const delivery = map(recordedAlertmanagerBody("webhook-resolved"));
    expect(delivery.alerts[0]?.alert).toMatchObject({
      status: "resolved",
      endsAt: new Date("2026-12-01T21:04:24Z"),
    });
  });

  it("gives a different dedup key to a different notification of the same group", () => {
    const firing = map(recordedAlertmanagerBody("webhook-firing"));
    const resolved = map(recordedAlertmanagerBody("webhook-resolved"));
    expect(firing.dedupKey).not.toBe(resolved.dedupKey);
    expect(map(recordedAlertmanagerBody("webhook-firing")).dedupKey).toBe(firing.dedupKey);
  });

  it("falls back to the description, then the alert name, for the summary; to unknown for the severity", () => {
    const body = JSON.stringify(
      alertmanagerWebhook({
        alerts: [
          { labels: { alertname: "A" }, annotations: { description: "described" } },
          { labels: { alertname: "B" } },
        ],
      }),
    );
    const [described, bare] = map(body).alerts;
    expect(described?.alert).toMatchObject({ summary: "described", severity: "unknown" });
    expect(bare?.alert).toMatchObject({ summary: "B", name: "B" });
  });

  it("accepts nanosecond timestamps and offsets as Go writes them", () => {
    const body = JSON.stringify(
      alertmanagerWebhook({
        alerts: [{ labels: { alertname: "Nano" }, startsAt: "2024-05-14T11:10:00.123456789+02:00" }],
      }),
    );
    expect(map(body).alerts[0]?.alert.startsAt.toISOString()).toBe("2024-05-14T09:10:00.123Z");
  });
});
