import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createPagerdutyNotifier,
  type PagerdutyNotifierDeps,
} from "../../integrations/pagerduty/create-pagerduty-notifier.ts";
import type { PagerdutySettings } from "../../src/config/sections/pagerduty-section.ts";
import type { MitigationStatus } from "../../src/domain/mitigation-plan.ts";
import { openDatabase } from "../../src/store/open-database.ts";
import { createLogger } from "../../src/telemetry/create-logger.ts";
import { alertmanagerWebhook } from "../support/alertmanager-payloads.ts";
import { type FakePagerdutyApi, startFakePagerdutyApi } from "../support/fake-pagerduty-api.ts";
import { pagerdutyHeaders, pagerdutyIncidentEvent } from "../support/pagerduty-payloads.ts";
import { answerOf, incidentIdOf } from "../support/responses.ts";
import { startTestVigil, type TestVigil } from "../support/start-test-vigil.ts";
import { groundedRca } from "../unit/domain/rca-fixture.ts";

const SECRET = "pd-webhook-secret";
const TOKEN = "u+writeback-token-7d1c0a";
const FROM = "vigil-bot@example.com";
let vigil: TestVigil;
let api: FakePagerdutyApi;
let sequence = 0;

beforeAll(async () => {
  vigil = await startTestVigil({ env: { VIGIL_PAGERDUTY_WEBHOOK_SECRETS: SECRET }, startWorker: false });
});
afterAll(async () => {
  await vigil?.stop();
});
beforeEach(async () => {
  api = await startFakePagerdutyApi({ token: TOKEN, users: [FROM] });
});
afterEach(async () => {
  await api.close();
});

function settings(overrides: Partial<PagerdutySettings> = {}): PagerdutySettings {
  return {
    apiToken: TOKEN,
    apiUrl: api.url,
    fromEmail: FROM,
    acknowledgeOnStart: false,
    publicUrl: "https://vigil.example.com",
    ...overrides,
  };
}

function notifier(overrides: Partial<PagerdutySettings> = {}, deps: Partial<PagerdutyNotifierDeps> = {}) {
  return createPagerdutyNotifier({
    db: vigil.db,
    settings: settings(overrides),
    retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
    ...deps,
  });
}

/** A PagerDuty incident delivered as a signed v3 webhook, known to the fake API; returns both ids. */
async function pagerdutyIncident({
  withRca = true,
} = {}): Promise<{ incidentId: string; pagerdutyId: string }> {
  sequence += 1;
  const pagerdutyId = `Q${String(sequence).padStart(3, "0")}WRITEBACK`;
  const body = JSON.stringify(
    pagerdutyIncidentEvent({
      eventType: "incident.triggered",
      incidentId: pagerdutyId,
      eventId: `01EVT${pagerdutyId}`,
      status: "triggered",
    }),
  );
  const response = await vigil.app.request("/webhooks/pagerduty", {
    method: "POST",
    headers: pagerdutyHeaders(body, { secrets: [SECRET], webhookId: `wh-${pagerdutyId}` }),
    body,
  });
  expect(response.status).toBe(202);
  const incidentId = incidentIdOf(await answerOf(response));
  if (withRca) {
    const rca = { ...groundedRca(), incidentId };
    await vigil.db
      .insertInto("rcas")
      .values({ incident_id: incidentId, document: JSON.stringify(rca) })
      .execute();
  }
  api.addIncident(pagerdutyId);
  return { incidentId, pagerdutyId };
}

async function auditTypes(
  incidentId: string,
): Promise<Array<{ type: string; data: Record<string, unknown> }>> {
  return await vigil.db
    .selectFrom("audit_events")
    .select(["type", "data"])
    .where("incident_id", "=", incidentId)
    .where("type", "like", "pagerduty.%")
    .orderBy("id")
    .execute();
}

describe("PagerDuty write-back", () => {
  it("adds the RCA as exactly one note, however often and however concurrently rcaReady is called", async () => {
    const { incidentId, pagerdutyId } = await pagerdutyIncident();
    const first = notifier();
    const second = notifier();

    await Promise.all([first.rcaReady(incidentId), second.rcaReady(incidentId), first.rcaReady(incidentId)]);
    await second.rcaReady(incidentId);

    const notes = api.notes(pagerdutyId);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.userEmail).toBe(FROM);
    const content = notes[0]?.content ?? "";
    expect(content).toContain("checkout started failing one minute after deploy v42.");
    expect(content).toContain("Top hypothesis: checkout bad-deploy, confidence 0.87 (change chg-42).");
    expect(content).toContain("Evidence: 3 items from 1 finding; gaps: kubernetes timeout.");
    expect(content).toContain("Proposed mitigation: rollback Deployment shop/checkout (risk low).");
    expect(content).toContain(`Full RCA: https://vigil.example.com/api/incidents/${incidentId}/rca.md`);

    const recorded = await vigil.db
      .selectFrom("outbound_notes")
      .selectAll()
      .where("incident_id", "=", incidentId)
      .execute();
    expect(recorded).toMatchObject([
      { target: "pagerduty", key: "rca", external_id: notes[0]?.id, sent_at: expect.any(Date) },
    ]);
    expect(await auditTypes(incidentId)).toEqual([
      {
        type: "pagerduty.noted",
        data: { key: "rca", pagerdutyIncidentId: pagerdutyId, noteId: notes[0]?.id, attempts: 1 },
      },
    ]);
  });

  it("leaves the link out when no public URL is configured", async () => {
    const { incidentId, pagerdutyId } = await pagerdutyIncident();

    await notifier({ publicUrl: null }).rcaReady(incidentId);

    expect(api.notes(pagerdutyId)).toHaveLength(1);
    expect(api.notes(pagerdutyId)[0]?.content).not.toContain("Full RCA");
  });

  it("adds one note per mitigation step, once per step, and none for intermediate states", async () => {
    const { incidentId, pagerdutyId } = await pagerdutyIncident();
    const pagerduty = notifier();

    await pagerduty.mitigationChanged(incidentId, "awaiting-approval");
    await pagerduty.mitigationChanged(incidentId, "approved", "U024BE7LH");
    await pagerduty.mitigationChanged(incidentId, "approved", "U024BE7LH");
    await pagerduty.mitigationChanged(incidentId, "applying");
    for (const state of ["applied", "not-recovered", "undone", "rejected", "verified"] as const) {
      await pagerduty.mitigationChanged(incidentId, state, "U024BE7LH");
      await pagerduty.mitigationChanged(incidentId, state, "U024BE7LH");
    }

    expect(api.notes(pagerdutyId).map((note) => note.content)).toEqual([
      "Vigil: mitigation approved by U024BE7LH: rollback Deployment shop/checkout.",
      "Vigil: mitigation applied by U024BE7LH: rollback Deployment shop/checkout. Checking that the alerting signal recovers.",
      "Vigil: the alerting signal has NOT recovered after rollback Deployment shop/checkout. The undo is offered in Slack and the console.",
      "Vigil: mitigation undone by U024BE7LH: the state before rollback Deployment shop/checkout was restored.",
      "Vigil: mitigation rejected by U024BE7LH: rollback Deployment shop/checkout. Nothing was changed.",
      "Vigil: mitigation verified: the alerting signal recovered after rollback Deployment shop/checkout.",
    ]);
  });

  it("names the approved plan and gives a superseding plan notes of its own when the plan is known", async () => {
    const { incidentId, pagerdutyId } = await pagerdutyIncident();
    let current = mitigationStatus(
      "plan-a",
      "Roll back Deployment shop/checkout from revision 7 to revision 6",
    );
    const pagerduty = notifier({}, { loadMitigation: async () => current });

    await pagerduty.mitigationChanged(incidentId, "approved", "U1");
    await pagerduty.mitigationChanged(incidentId, "approved", "U1");
    current = mitigationStatus("plan-b", "Scale Deployment shop/checkout from 3 to 6 replicas");
    await pagerduty.mitigationChanged(incidentId, "approved", "U2");

    expect(api.notes(pagerdutyId).map((note) => note.content)).toEqual([
      "Vigil: mitigation approved by U1: Roll back Deployment shop/checkout from revision 7 to revision 6.",
      "Vigil: mitigation approved by U2: Scale Deployment shop/checkout from 3 to 6 replicas.",
    ]);
  });

  it("acknowledges the PagerDuty incident on investigation start only when acknowledgeOnStart is set", async () => {
    const { incidentId, pagerdutyId } = await pagerdutyIncident();

    await notifier().investigationStarted(incidentId);
    expect(api.calls).toEqual([]);
    expect(api.incidentStatus(pagerdutyId)).toBe("triggered");

    const acknowledging = notifier({ acknowledgeOnStart: true });
    await Promise.all([
      acknowledging.investigationStarted(incidentId),
      acknowledging.investigationStarted(incidentId),
    ]);
    await acknowledging.investigationStarted(incidentId);

    expect(api.incidentStatus(pagerdutyId)).toBe("acknowledged");
    expect(api.calls.map((call) => `${call.method} ${call.path}`)).toEqual([
      `GET /incidents/${pagerdutyId}`,
      `PUT /incidents/${pagerdutyId}`,
    ]);
    expect((await auditTypes(incidentId)).map((event) => event.type)).toEqual(["pagerduty.acknowledged"]);
  });

  it("does not acknowledge an incident someone already acknowledged or resolved", async () => {
    const { incidentId, pagerdutyId } = await pagerdutyIncident();
    api.addIncident(pagerdutyId, "resolved");

    await notifier({ acknowledgeOnStart: true }).investigationStarted(incidentId);

    expect(api.calls.map((call) => call.method)).toEqual(["GET"]);
    expect(api.incidentStatus(pagerdutyId)).toBe("resolved");
    expect(await auditTypes(incidentId)).toEqual([]);
  });

  it("leaves an incident that came from Alertmanager alone", async () => {
    const response = await vigil.app.request("/webhooks/alertmanager", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(
        alertmanagerWebhook({
          alerts: [{ labels: { alertname: "HighErrorRate", service: "writeback-am" } }],
        }),
      ),
    });
    expect(response.status).toBe(202);
    const incidentId = incidentIdOf(await answerOf(response));
    await vigil.db
      .insertInto("rcas")
      .values({ incident_id: incidentId, document: JSON.stringify({ ...groundedRca(), incidentId }) })
      .execute();
    const pagerduty = notifier({ acknowledgeOnStart: true });

    await pagerduty.investigationStarted(incidentId);
    await pagerduty.rcaReady(incidentId);
    await pagerduty.mitigationChanged(incidentId, "approved", "U1");

    expect(api.calls).toEqual([]);
    const recorded = await vigil.db
      .selectFrom("outbound_notes")
      .select("key")
      .where("incident_id", "=", incidentId)
      .execute();
    expect(recorded).toEqual([]);
    expect(await auditTypes(incidentId)).toEqual([]);
  });

  it("retries a 500 and then adds the note once", async () => {
    const { incidentId, pagerdutyId } = await pagerdutyIncident();
    api.failNext({ status: 500 });

    await notifier().rcaReady(incidentId);

    expect(api.calls.map((call) => call.method)).toEqual(["POST", "POST"]);
    expect(api.notes(pagerdutyId)).toHaveLength(1);
    expect((await auditTypes(incidentId)).map((event) => [event.type, event.data.attempts])).toEqual([
      ["pagerduty.noted", 2],
    ]);
  });

  it("records a 401 as pagerduty.failed without throwing, and sends the note once the token is fixed", async () => {
    const { incidentId, pagerdutyId } = await pagerdutyIncident();

    await expect(notifier({ apiToken: "revoked-token" }).rcaReady(incidentId)).resolves.toBeUndefined();

    expect(api.notes(pagerdutyId)).toEqual([]);
    expect(await auditTypes(incidentId)).toEqual([
      {
        type: "pagerduty.failed",
        data: {
          operation: "note",
          key: "rca",
          pagerdutyIncidentId: pagerdutyId,
          status: 401,
          code: 2006,
          message: "Unauthorized",
          attempts: 1,
        },
      },
    ]);

    // The failed send released its claim: a retried job with a working token gets the note through.
    await notifier().rcaReady(incidentId);
    expect(api.notes(pagerdutyId)).toHaveLength(1);
  });

  it("takes over a claim whose sender died, but not one that is still fresh", async () => {
    const { incidentId, pagerdutyId } = await pagerdutyIncident();
    const claim = (key: string, claimedAt: Date) =>
      vigil.db
        .insertInto("outbound_notes")
        .values({
          incident_id: incidentId,
          target: "pagerduty",
          key,
          claim_id: crypto.randomUUID(),
          claimed_at: claimedAt,
        })
        .execute();
    await claim("rca", new Date(Date.now() - 10 * 60_000));
    await claim("mitigation:approved", new Date());
    const pagerduty = notifier({}, { claimLeaseSeconds: 300 });

    await pagerduty.rcaReady(incidentId);
    await pagerduty.mitigationChanged(incidentId, "approved", "U1");

    expect(api.notes(pagerdutyId)).toHaveLength(1);
    expect(api.notes(pagerdutyId)[0]?.content).toMatch(/^Vigil root-cause analysis/);
  });

  it("never writes the API token to the logs, even when the API quotes it back", async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: "debug", write: (line) => lines.push(line) });
    const { incidentId } = await pagerdutyIncident();
    api.failNext({
      status: 400,
      body: { error: { message: `Invalid header: Token token=${TOKEN}`, code: 2001 } },
    });

    const pagerduty = notifier({ acknowledgeOnStart: true }, { logger });
    await pagerduty.rcaReady(incidentId);
    const refused = notifier({ apiToken: `${TOKEN}-old` }, { logger });
    await refused.rcaReady(incidentId);
    await pagerduty.investigationStarted(incidentId);

    expect(lines.filter((line) => line.includes("pagerduty write-back failed"))).toHaveLength(2);
    expect(lines.join("")).toContain("[redacted]");
    expect(lines.join("")).not.toContain(TOKEN);
    expect(JSON.stringify(await auditTypes(incidentId))).not.toContain(TOKEN);
  });

  it("resolves and logs instead of throwing when its database is unreachable", async () => {
    const lines: string[] = [];
    const unreachable = openDatabase({ url: "postgres://vigil@127.0.0.1:1/vigil", poolSize: 1 });
    try {
      const pagerduty = createPagerdutyNotifier({
        db: unreachable.db,
        settings: settings({ acknowledgeOnStart: true }),
        logger: createLogger({ level: "error", write: (line) => lines.push(line) }),
      });
      const incidentId = crypto.randomUUID();

      await expect(pagerduty.investigationStarted(incidentId)).resolves.toBeUndefined();
      await expect(pagerduty.rcaReady(incidentId)).resolves.toBeUndefined();
      await expect(pagerduty.mitigationChanged(incidentId, "approved")).resolves.toBeUndefined();
    } finally {
      await unreachable.close();
    }
    expect(lines).toHaveLength(3);
    expect(api.calls).toEqual([]);
  });
});

function mitigationStatus(planId: string, summary: string): MitigationStatus {
  return {
    plan: {
      id: planId,
      incidentId: "unused",
      action: "rollback",
      target: { kind: "Deployment", namespace: "shop", name: "checkout" },
      risk: "low",
      mode: "approve",
      summary,
      diff: "",
      changes: [],
      preconditions: [],
      requiredApprovals: 1,
      createdAt: "2024-05-01T10:11:00Z",
    },
    state: "approved",
    approvals: [],
    history: [],
  };
}
