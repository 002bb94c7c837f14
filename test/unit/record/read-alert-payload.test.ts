import { describe, expect, it } from "vitest";
import { readAlertPayload } from "../../../src/record/read-alert-payload.ts";
import { alertmanagerWebhook } from "../../support/alertmanager-payloads.ts";
import { pagerdutyFixture } from "../../support/pagerduty-payloads.ts";

describe("readAlertPayload", () => {
  it("reads an Alertmanager v4 body as ingest does, alerts oldest first", () => {
    const payload = alertmanagerWebhook({
      alerts: [
        { labels: { alertname: "Slow", service: "cart" }, startsAt: "2024-05-14T09:20:00Z" },
        {
          labels: { alertname: "Errors", service: "checkout", severity: "critical" },
          annotations: { summary: "5xx on checkout" },
          startsAt: "2024-05-14T09:10:00Z",
        },
      ],
    });

    const read = readAlertPayload(payload);

    expect(read).toMatchObject({ ok: true, alert: { source: "alertmanager", payload } });
    if (!read.ok) return;
    expect(read.alert.alerts.map((alert) => [alert.name, alert.summary, alert.startsAt])).toEqual([
      ["Errors", "5xx on checkout", Date.parse("2024-05-14T09:10:00Z") / 1000],
      ["Slow", "Slow", Date.parse("2024-05-14T09:20:00Z") / 1000],
    ]);
  });

  it("reads a PagerDuty v3 incident event as one alert named by its title", () => {
    const payload = pagerdutyFixture("incident-triggered");

    const read = readAlertPayload(payload);

    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.alert.source).toBe("pagerduty");
    expect(read.alert.alerts).toHaveLength(1);
    expect(read.alert.alerts[0]?.name).toBe(payload.event.data.title);
  });

  it("refuses what ingest would not investigate, saying why", () => {
    const resolved = alertmanagerWebhook({ alerts: [{ labels: { alertname: "X" }, status: "resolved" }] });
    const cases: Array<[unknown, RegExp]> = [
      [pagerdutyFixture("pagey-ping"), /not about an incident/],
      [resolved, /no alert in the payload is firing/],
      [{ version: "4", alerts: [] }, /not a valid Alertmanager v4 body/],
      [{ event: { id: "x" } }, /not a valid PagerDuty v3 envelope/],
      [{ hello: "world" }, /no "alerts".*no "event"/],
      [[1, 2], /must be a JSON object/],
    ];
    for (const [payload, reason] of cases) {
      const read = readAlertPayload(payload);
      expect(read.ok).toBe(false);
      if (!read.ok) expect(read.message).toMatch(reason);
    }
  });
});
