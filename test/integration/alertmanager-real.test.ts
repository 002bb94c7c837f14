import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IncidentDetail, IncidentSummary } from "../../src/store/create-incident-queries.ts";
import { incidentOf } from "../support/responses.ts";
import { type RunningAlertmanager, startAlertmanager } from "../support/start-alertmanager.ts";
import { startTestVigil, type TestVigil } from "../support/start-test-vigil.ts";

const TOKEN = "alertmanager-to-vigil";
let vigil: TestVigil;
let alertmanager: RunningAlertmanager;

beforeAll(async () => {
  vigil = await startTestVigil({ env: { VIGIL_ALERTMANAGER_TOKEN: TOKEN }, startWorker: false });
  // Not skipped when the binary is missing: startAlertmanager fails and says how to install it.
  alertmanager = await startAlertmanager({
    webhookUrl: `${vigil.url}/webhooks/alertmanager`,
    bearerToken: TOKEN,
  });
});
afterAll(async () => {
  await alertmanager?.stop();
  await vigil?.stop();
});

async function waitFor<T>(read: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("a real Alertmanager 0.25 whose webhook receiver is Vigil", () => {
  it("delivers a firing alert that Vigil stores as an incident, then its resolution", async () => {
    const startsAt = new Date(Date.now() - 60_000).toISOString();
    const alert = {
      labels: {
        alertname: "CheckoutErrorRate",
        service: "checkout",
        namespace: "shop",
        severity: "critical",
      },
      annotations: { summary: "checkout 5xx ratio above 5%" },
      startsAt,
      generatorURL: "http://prometheus:9090/graph?g0.expr=checkout_errors",
    };
    await alertmanager.postAlerts([alert]);

    const listed = await waitFor(async () => {
      const response = await vigil.app.request("/api/incidents");
      const { incidents } = (await response.json()) as { incidents: IncidentSummary[] };
      return incidents[0];
    }, "Vigil to store the incident");
    const incident: IncidentDetail = await incidentOf(await vigil.app.request(`/api/incidents/${listed.id}`));
    expect(incident).toMatchObject({
      source: "alertmanager",
      status: "open",
      groupKey: '{}:{alertname="CheckoutErrorRate", service="checkout"}',
      title: "checkout 5xx ratio above 5%",
      severity: "critical",
    });
    expect(incident.alerts).toEqual([
      expect.objectContaining({
        status: "firing",
        labels: alert.labels,
        startsAt: new Date(startsAt).toISOString(),
        fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
      }),
    ]);

    await alertmanager.postAlerts([{ ...alert, endsAt: new Date().toISOString() }]);
    const resolved = await waitFor(async () => {
      const current = await incidentOf(await vigil.app.request(`/api/incidents/${listed.id}`));
      return current.status === "resolved" ? current : undefined;
    }, "Vigil to resolve the incident");
    expect(resolved.alerts[0]?.status).toBe("resolved");
    const { incidents } = (await (await vigil.app.request("/api/incidents")).json()) as {
      incidents: IncidentSummary[];
    };
    expect(incidents).toHaveLength(1);
  });
});
