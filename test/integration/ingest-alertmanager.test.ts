import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IncidentDetail } from "../../src/store/create-incident-queries.ts";
import { alertmanagerWebhook, recordedAlertmanagerBody } from "../support/alertmanager-payloads.ts";
import { countRows, queuedInvestigations } from "../support/count-rows.ts";
import { answerOf, errorOf, incidentOf, type WebhookAnswer } from "../support/responses.ts";
import { startTestVigil, type TestVigil } from "../support/start-test-vigil.ts";

const TOKEN = "am-test-token";
let vigil: TestVigil;

beforeAll(async () => {
  // No worker: the counts below must only see what ingest itself writes.
  vigil = await startTestVigil({ env: { VIGIL_ALERTMANAGER_TOKEN: TOKEN }, startWorker: false });
});
afterAll(async () => {
  await vigil?.stop();
});

function post(body: string | object, headers: Record<string, string> = {}) {
  return vigil.app.request("/webhooks/alertmanager", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}`, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

async function incident(id: string | null): Promise<IncidentDetail> {
  const response = await vigil.app.request(`/api/incidents/${id}`);
  expect(response.status).toBe(200);
  return await incidentOf(response);
}

async function deliver(body: string | object, headers: Record<string, string> = {}): Promise<WebhookAnswer> {
  const response = await post(body, headers);
  expect(response.status).toBe(202);
  return await answerOf(response);
}

const checkout = { alertname: "HighErrorRate", service: "checkout", severity: "critical" };

describe("POST /webhooks/alertmanager", () => {
  it("stores a recorded Alertmanager 0.25 delivery as an open incident and queues its investigation", async () => {
    const answer = await deliver(recordedAlertmanagerBody("webhook-firing"));
    expect(answer).toEqual({ incidentId: expect.any(String), alerts: 1, duplicate: false });

    const stored = await incident(answer.incidentId);
    expect(stored).toMatchObject({
      source: "alertmanager",
      status: "open",
      groupKey: '{}:{alertname="HighErrorRate", service="checkout"}',
      title: "checkout 5xx above 5%",
      severity: "critical",
      rca: null,
    });
    expect(stored.alerts).toHaveLength(1);
    expect(stored.alerts[0]).toMatchObject({
      fingerprint: "29dfb52689eade8a",
      status: "firing",
      name: "HighErrorRate",
      labels: { alertname: "HighErrorRate", namespace: "shop", service: "checkout", severity: "critical" },
      endsAt: null,
      raw: { fingerprint: "29dfb52689eade8a", endsAt: "0001-01-01T00:00:00Z" },
    });
    expect(stored.audit.map((event) => event.type)).toEqual(["incident.opened", "investigation.queued"]);
    expect(stored.audit[0]?.data).toMatchObject({ groupKey: stored.groupKey, firing: ["29dfb52689eade8a"] });

    const delivery = await vigil.db
      .selectFrom("webhook_deliveries")
      .selectAll()
      .where("incident_id", "=", answer.incidentId ?? "")
      .executeTakeFirstOrThrow();
    expect(delivery.payload).toMatchObject({ version: "4", receiver: "vigil", truncatedAlerts: 0 });
    expect(await queuedInvestigations(vigil.db)).toContain(answer.incidentId);
  });

  it("answers a redelivery with the same answer and stores nothing new", async () => {
    const body = JSON.stringify(
      alertmanagerWebhook({ alerts: [{ labels: { ...checkout, alertname: "Redelivered" } }] }),
    );
    const first = await deliver(body);
    const before = await countRows(vigil.db);

    const again = await post(body);
    expect(again.status).toBe(202);
    expect(await answerOf(again)).toEqual({ incidentId: first.incidentId, alerts: 1, duplicate: true });
    expect(await countRows(vigil.db)).toEqual(before);
  });

  it("adds a new alert of an open group to its incident instead of opening a second one", async () => {
    const group = { alertname: "PodCrashLooping" };
    const podA = { alertname: "PodCrashLooping", pod: "api-1" };
    const podB = { alertname: "PodCrashLooping", pod: "api-2" };
    const first = await deliver(alertmanagerWebhook({ groupLabels: group, alerts: [{ labels: podA }] }));
    const before = await countRows(vigil.db);

    const second = await post(
      alertmanagerWebhook({ groupLabels: group, alerts: [{ labels: podA }, { labels: podB }] }),
    );
    expect(await answerOf(second)).toEqual({ incidentId: first.incidentId, alerts: 2, duplicate: false });
    const after = await countRows(vigil.db);
    expect(after.incidents).toBe(before.incidents);
    expect(after.investigationJobs).toBe(before.investigationJobs);
    expect(after.alerts).toBe(before.alerts + 1);
    expect((await incident(first.incidentId)).alerts).toHaveLength(2);
  });

  it("joins an open incident that already holds the alert's fingerprint, even from another group", async () => {
    const labels = { alertname: "DiskFull", node: "node-7" };
    const first = await deliver(alertmanagerWebhook({ groupKey: '{}/{team="a"}:{}', alerts: [{ labels }] }));
    const other = await post(
      alertmanagerWebhook({
        groupKey: '{}/{team="b"}:{}',
        alerts: [{ labels }, { labels: { alertname: "DiskFull", node: "node-8" } }],
      }),
    );
    expect((await answerOf(other)).incidentId).toBe(first.incidentId);
    expect((await incident(first.incidentId)).alerts).toHaveLength(2);
  });

  it("resolves alerts, and the incident only once none of its alerts is firing", async () => {
    const group = { alertname: "LatencyHigh" };
    const a = { labels: { alertname: "LatencyHigh", route: "/pay" } };
    const b = { labels: { alertname: "LatencyHigh", route: "/cart" } };
    const opened = await deliver(alertmanagerWebhook({ groupLabels: group, alerts: [a, b] }));

    await post(alertmanagerWebhook({ groupLabels: group, alerts: [{ ...a, status: "resolved" }, b] }));
    const partly = await incident(opened.incidentId);
    expect(partly.status).toBe("open");
    expect(partly.alerts.map((alert) => alert.status).sort()).toEqual(["firing", "resolved"]);

    const last = await post(
      alertmanagerWebhook({
        groupLabels: group,
        alerts: [
          { ...a, status: "resolved" },
          { ...b, status: "resolved" },
        ],
      }),
    );
    expect((await answerOf(last)).incidentId).toBe(opened.incidentId);
    const resolved = await incident(opened.incidentId);
    expect(resolved.status).toBe("resolved");
    expect(resolved.resolvedAt).not.toBeNull();
    expect(resolved.alerts[0]?.endsAt).toBe("2024-05-14T09:40:00.000Z");
    expect(resolved.audit.map((event) => event.type)).toContain("incident.resolved");
  });

  it("opens a new incident when a resolved group fires again", async () => {
    const group = { alertname: "QueueBacklog" };
    const labels = { alertname: "QueueBacklog", queue: "orders" };
    const first = await deliver(alertmanagerWebhook({ groupLabels: group, alerts: [{ labels }] }));
    await post(alertmanagerWebhook({ groupLabels: group, alerts: [{ labels, status: "resolved" }] }));
    const again = await post(
      alertmanagerWebhook({ groupLabels: group, alerts: [{ labels, startsAt: "2024-05-14T11:00:00Z" }] }),
    );
    const answer = await answerOf(again);
    expect(answer.incidentId).not.toBe(first.incidentId);
    expect((await incident(answer.incidentId)).status).toBe("open");
  });

  it("records a resolution for an incident it never saw without queuing an investigation", async () => {
    const before = await countRows(vigil.db);
    const response = await post(
      alertmanagerWebhook({ alerts: [{ labels: { alertname: "NeverSeenFiring" }, status: "resolved" }] }),
    );
    expect(response.status).toBe(202);
    const answer = await answerOf(response);
    expect((await incident(answer.incidentId)).status).toBe("resolved");
    expect((await countRows(vigil.db)).investigationJobs).toBe(before.investigationJobs);
  });
});

describe("POST /webhooks/alertmanager refusals store nothing", () => {
  const valid = () => alertmanagerWebhook({ alerts: [{ labels: { alertname: "Refused" } }] });

  async function expectRefused(response: Response, status: number, code: string) {
    expect(response.status).toBe(status);
    const error = await errorOf(response);
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(0);
    return error;
  }

  it("answers 401 without a bearer token or with a wrong one", async () => {
    const before = await countRows(vigil.db);
    await expectRefused(await post(valid(), { authorization: "" }), 401, "unauthorized");
    await expectRefused(await post(valid(), { authorization: "Bearer nope" }), 401, "unauthorized");
    await expectRefused(await post(valid(), { authorization: `Basic ${TOKEN}` }), 401, "unauthorized");
    expect(await countRows(vigil.db)).toEqual(before);
  });

  it("answers 400 for malformed JSON", async () => {
    const before = await countRows(vigil.db);
    await expectRefused(await post('{"version": "4", "alerts": ['), 400, "malformed_json");
    expect(await countRows(vigil.db)).toEqual(before);
  });

  it("answers 400 naming the field that does not match the schema", async () => {
    const before = await countRows(vigil.db);
    const badTime = valid();
    (badTime.alerts as Array<Record<string, unknown>>)[0]!.startsAt = "yesterday";
    const error = await expectRefused(await post(badTime), 400, "invalid_payload");
    expect(error.field).toBe("alerts.0.startsAt");
    expect(error.message).toMatch(/^alerts\.0\.startsAt: /);

    const { groupKey: _, ...noGroupKey } = valid();
    expect((await expectRefused(await post(noGroupKey), 400, "invalid_payload")).field).toBe("groupKey");
    expect(
      (await expectRefused(await post({ ...valid(), version: "3" }), 400, "invalid_payload")).field,
    ).toBe("version");
    expect(await countRows(vigil.db)).toEqual(before);
  });

  it("answers 413 for a body over 1 MiB, declared or streamed", async () => {
    const before = await countRows(vigil.db);
    const huge = valid();
    (huge.alerts as Array<Record<string, unknown>>)[0]!.annotations = {
      description: "x".repeat(1024 * 1024),
    };
    const body = JSON.stringify(huge);
    await expectRefused(await post(body), 413, "payload_too_large");

    // Over real HTTP with chunked encoding: no Content-Length to go by.
    const chunks = [body.slice(0, 600_000), body.slice(600_000)];
    const streamed = await fetch(`${vigil.url}/webhooks/alertmanager`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
      body: new ReadableStream({
        pull(controller) {
          const next = chunks.shift();
          if (next === undefined) controller.close();
          else controller.enqueue(new TextEncoder().encode(next));
        },
      }),
      duplex: "half",
    } as RequestInit);
    await expectRefused(streamed, 413, "payload_too_large");
    expect(await countRows(vigil.db)).toEqual(before);
  });
});
