import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IncidentSummary } from "../../src/store/create-incident-queries.ts";
import { alertmanagerWebhook } from "../support/alertmanager-payloads.ts";
import { answerOf, errorOf, incidentIdOf, incidentOf } from "../support/responses.ts";
import { startTestVigil, type TestVigil } from "../support/start-test-vigil.ts";

let vigil: TestVigil;
let openId: string;
let resolvedId: string;

beforeAll(async () => {
  vigil = await startTestVigil({ startWorker: false });
  openId = await deliver(
    alertmanagerWebhook({ alerts: [{ labels: { alertname: "ApiOpen", severity: "page" } }] }),
  );
  const resolvedGroup = { alertname: "ApiResolved" };
  resolvedId = await deliver(
    alertmanagerWebhook({ groupLabels: resolvedGroup, alerts: [{ labels: resolvedGroup }] }),
  );
  await deliver(
    alertmanagerWebhook({
      groupLabels: resolvedGroup,
      alerts: [{ labels: resolvedGroup, status: "resolved" }],
    }),
  );
});
afterAll(async () => {
  await vigil?.stop();
});

async function deliver(body: object): Promise<string> {
  const response = await vigil.app.request("/webhooks/alertmanager", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return incidentIdOf(await answerOf(response));
}

async function list(query = ""): Promise<IncidentSummary[]> {
  const response = await vigil.app.request(`/api/incidents${query}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { incidents: IncidentSummary[] }).incidents;
}

describe("GET /api/incidents", () => {
  it("lists incidents newest first, filtered by status", async () => {
    expect((await list()).map((incident) => incident.id)).toEqual([resolvedId, openId]);
    expect((await list("?status=open")).map((incident) => incident.id)).toEqual([openId]);
    expect(await list("?status=resolved")).toMatchObject([
      { id: resolvedId, status: "resolved", alertCount: 1 },
    ]);
    expect(await list("?limit=1")).toHaveLength(1);
  });

  it("answers 400 naming the bad query parameter", async () => {
    const response = await vigil.app.request("/api/incidents?status=sleeping");
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ code: "invalid_payload", field: "status" });
  });
});

describe("GET /api/incidents/:id", () => {
  it("returns the incident with its alerts, audit trail, and a null RCA until one is written", async () => {
    const incident = await incidentOf(await vigil.app.request(`/api/incidents/${openId}`));
    expect(incident).toMatchObject({ id: openId, status: "open", severity: "page", rca: null });
    expect(incident.alerts.map((alert) => alert.name)).toEqual(["ApiOpen"]);
    expect(incident.audit.map((event) => event.type)).toEqual(["incident.opened", "investigation.queued"]);
  });

  it("returns the RCA once one is stored", async () => {
    const document = { incidentId: resolvedId, mode: "deterministic", summary: "checkout bad deploy" };
    await vigil.db
      .insertInto("rcas")
      .values({ incident_id: resolvedId, document: JSON.stringify(document) })
      .execute();
    const incident = await incidentOf(await vigil.app.request(`/api/incidents/${resolvedId}`));
    expect(incident.rca).toEqual(document);
  });

  it("answers 404 for an unknown id and for something that is not an id", async () => {
    for (const id of ["3f1c2b9e-8a0d-4e2f-9b7a-1c2d3e4f5a6b", "not-a-uuid", "1;drop table incidents"]) {
      const response = await vigil.app.request(`/api/incidents/${encodeURIComponent(id)}`);
      expect(response.status).toBe(404);
      expect((await errorOf(response)).code).toBe("not_found");
    }
  });
});

describe("operations endpoints", () => {
  it("answers /healthz and /readyz while the database is up", async () => {
    expect(await (await vigil.app.request("/healthz")).json()).toEqual({ status: "ok" });
    expect(await (await vigil.app.request("/readyz")).json()).toEqual({ status: "ready" });
  });

  it("exposes deliveries by source and outcome, incidents opened, and ack latency on /metrics", async () => {
    await vigil.app.request("/webhooks/alertmanager", { method: "POST", body: "{" });
    const response = await vigil.app.request("/metrics");
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toContain('vigil_webhook_deliveries_total{source="alertmanager",outcome="opened"} 2');
    expect(text).toContain('vigil_webhook_deliveries_total{source="alertmanager",outcome="resolved"} 1');
    expect(text).toContain(
      'vigil_webhook_deliveries_total{source="alertmanager",outcome="malformed_json"} 1',
    );
    expect(text).toContain('vigil_incidents_opened_total{source="alertmanager"} 2');
    expect(text).toMatch(/vigil_webhook_ack_seconds_count\{source="alertmanager",outcome="opened"\} 2/);
    expect(text).toContain("process_cpu_seconds_total");
  });

  it("answers 404 with an error body for unknown routes", async () => {
    const response = await vigil.app.request("/nope");
    expect(response.status).toBe(404);
    expect((await errorOf(response)).code).toBe("not_found");
  });
});
