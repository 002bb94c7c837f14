import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signPagerdutyBody } from "../../integrations/pagerduty/verify-pagerduty-signature.ts";
import type { IncidentDetail } from "../../src/store/create-incident-queries.ts";
import { countRows } from "../support/count-rows.ts";
import { pagerdutyFixture, pagerdutyHeaders, pagerdutyIncidentEvent } from "../support/pagerduty-payloads.ts";
import { answerOf, errorOf, incidentOf } from "../support/responses.ts";
import { startTestVigil, type TestVigil } from "../support/start-test-vigil.ts";

// Two configured secrets: the current one and the one being rotated out.
const CURRENT = "pd-secret-current";
const PREVIOUS = "pd-secret-previous";
const RETIRED = "pd-secret-retired-last-year";
let vigil: TestVigil;
let webhookCounter = 0;

beforeAll(async () => {
  vigil = await startTestVigil({
    env: { VIGIL_PAGERDUTY_WEBHOOK_SECRETS: `${CURRENT},${PREVIOUS}` },
    startWorker: false,
  });
});
afterAll(async () => {
  await vigil?.stop();
});

function post(body: string, headers: Record<string, string>) {
  return vigil.app.request("/webhooks/pagerduty", { method: "POST", headers, body });
}

function deliver(payload: object, { secrets = [CURRENT], webhookId = `wh-${++webhookCounter}` } = {}) {
  const body = JSON.stringify(payload);
  return post(body, pagerdutyHeaders(body, { secrets, webhookId }));
}

async function incident(id: string | null): Promise<IncidentDetail> {
  return await incidentOf(await vigil.app.request(`/api/incidents/${id}`));
}

describe("POST /webhooks/pagerduty", () => {
  it("opens an incident for incident.triggered and keeps every later event about it in the same one", async () => {
    const triggered = await deliver(pagerdutyFixture("incident-triggered"));
    expect(triggered.status).toBe(202);
    const opened = await answerOf(triggered);
    expect(opened).toEqual({ incidentId: expect.any(String), alerts: 1, duplicate: false });
    expect(await incident(opened.incidentId)).toMatchObject({
      source: "pagerduty",
      status: "open",
      externalId: "Q2K7VN1HZ8D4RT",
      groupKey: "Q2K7VN1HZ8D4RT",
      title: "[FIRING:1] HighErrorRate checkout (critical)",
      severity: "P1",
      alerts: [
        {
          status: "firing",
          labels: { service: "checkout", urgency: "high", priority: "P1", incident_number: "4812" },
          startsAt: "2024-05-14T09:12:31.000Z",
        },
      ],
    });

    const acknowledged = pagerdutyIncidentEvent({
      eventType: "incident.acknowledged",
      eventId: "01DEN4HZ00ACK",
      incidentId: "Q2K7VN1HZ8D4RT",
      status: "acknowledged",
    });
    const ack = await answerOf(await deliver(acknowledged));
    expect(ack).toEqual({ incidentId: opened.incidentId, alerts: 1, duplicate: false });
    expect((await incident(opened.incidentId)).status).toBe("open");

    const resolved = await answerOf(await deliver(pagerdutyFixture("incident-resolved")));
    expect(resolved.incidentId).toBe(opened.incidentId);
    const closed = await incident(opened.incidentId);
    expect(closed.status).toBe("resolved");
    expect(closed.alerts[0]).toMatchObject({ status: "resolved", endsAt: "2024-05-14T09:41:02.117Z" });
  });

  it("answers a redelivery (same X-Webhook-Id) with the same answer and stores nothing new", async () => {
    const payload = pagerdutyIncidentEvent({
      eventType: "incident.triggered",
      eventId: "01DEN5REDELIVER",
      incidentId: "PREDELIV1",
      status: "triggered",
    });
    const first = await answerOf(await deliver(payload, { webhookId: "wh-redelivered" }));
    const before = await countRows(vigil.db);
    const again = await deliver(payload, { webhookId: "wh-redelivered" });
    expect(again.status).toBe(202);
    expect(await answerOf(again)).toEqual({ incidentId: first.incidentId, alerts: 1, duplicate: true });
    expect(await countRows(vigil.db)).toEqual(before);
  });

  it("accepts a signature made with either configured secret, alone or among several", async () => {
    const event = (id: string) =>
      pagerdutyIncidentEvent({
        eventType: "incident.triggered",
        eventId: id,
        incidentId: id,
        status: "triggered",
      });
    expect((await deliver(event("PROT1"), { secrets: [PREVIOUS] })).status).toBe(202);
    expect((await deliver(event("PROT2"), { secrets: [RETIRED, CURRENT] })).status).toBe(202);
    const body = JSON.stringify(event("PROT3"));
    const headers = pagerdutyHeaders(body, { secrets: [CURRENT], webhookId: "wh-prot3" });
    // PagerDuty may add signature schemes later; unknown ones are skipped, not fatal.
    headers["x-pagerduty-signature"] = `v2=abcdef, ${headers["x-pagerduty-signature"]}`;
    expect((await post(body, headers)).status).toBe(202);
  });

  it("accepts pagey.ping and other non-incident events without opening anything", async () => {
    const before = await countRows(vigil.db);
    const response = await deliver(pagerdutyFixture("pagey-ping"));
    expect(response.status).toBe(202);
    expect(await answerOf(response)).toEqual({ incidentId: null, alerts: 0, duplicate: false });
    const after = await countRows(vigil.db);
    expect(after).toEqual({ ...before, deliveries: before.deliveries + 1 });
  });
});

describe("POST /webhooks/pagerduty refusals store nothing", () => {
  const body = JSON.stringify(
    pagerdutyIncidentEvent({
      eventType: "incident.triggered",
      eventId: "E-REFUSED",
      incidentId: "PREFUSED",
      status: "triggered",
    }),
  );
  const headers = (signature: string | undefined) => {
    const base: Record<string, string> = { "content-type": "application/json", "x-webhook-id": "wh-refused" };
    if (signature !== undefined) base["x-pagerduty-signature"] = signature;
    return base;
  };

  it("answers 401 for a missing, forged, stale or tampered signature", async () => {
    const before = await countRows(vigil.db);
    const cases = {
      missing: headers(undefined),
      empty: headers(""),
      forged: headers(`v1=${"0".repeat(64)}`),
      wrongSecret: headers(signPagerdutyBody(body, ["guessed-secret"])),
      stale: headers(signPagerdutyBody(body, [RETIRED])),
      tampered: headers(signPagerdutyBody(body.replace("PREFUSED", "POTHER"), [CURRENT])),
      unversioned: headers(signPagerdutyBody(body, [CURRENT]).replace("v1=", "")),
    };
    for (const [name, caseHeaders] of Object.entries(cases)) {
      const response = await post(body, caseHeaders);
      expect(response.status, name).toBe(401);
      expect((await errorOf(response)).code, name).toBe("unauthorized");
    }
    expect(await countRows(vigil.db)).toEqual(before);
  });

  it("answers 400 naming the field when a signed body does not match the v3 schema", async () => {
    const before = await countRows(vigil.db);
    const noType = pagerdutyFixture("incident-triggered") as { event: Record<string, unknown> };
    delete noType.event.event_type;
    const noTypeResponse = await deliver(noType);
    expect(noTypeResponse.status).toBe(400);
    expect(await errorOf(noTypeResponse)).toMatchObject({
      code: "invalid_payload",
      field: "event.event_type",
    });

    const badIncident = pagerdutyFixture("incident-triggered");
    badIncident.event.data.created_at = "14/05/2024";
    const badResponse = await deliver(badIncident);
    expect(badResponse.status).toBe(400);
    expect(await errorOf(badResponse)).toMatchObject({
      code: "invalid_payload",
      field: "event.data.created_at",
      message: expect.stringMatching(/^event\.data\.created_at: /),
    });

    const malformed = "{not json";
    const malformedResponse = await post(
      malformed,
      pagerdutyHeaders(malformed, { secrets: [CURRENT], webhookId: "wh-m" }),
    );
    expect(malformedResponse.status).toBe(400);
    expect((await errorOf(malformedResponse)).code).toBe("malformed_json");
    expect(await countRows(vigil.db)).toEqual(before);
  });
});
