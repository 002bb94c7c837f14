import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createSlackIntegration,
  type SlackIntegration,
} from "../../integrations/slack/create-slack-integration.ts";
import type { ApproverPolicy } from "../../src/approval/approval-rules.ts";
import type { MitigationDecision, MitigationStatus } from "../../src/domain/mitigation-plan.ts";
import { systemClock } from "../../src/ports/clock.ts";
import {
  buttonClickBody,
  type FakeSlackApi,
  slackSignatureHeaders,
  startFakeSlackApi,
} from "../support/fake-slack-api.ts";
import { createTestDatabase, type TestDatabase } from "../support/postgres.ts";
import { awaitingStatus, cardRca } from "../unit/slack/rca-card-fixture.ts";

const SECRET = "test-signing-secret";
const APPROVERS: ApproverPolicy = {
  low: { users: [], groups: ["S0ONCALL"] },
  medium: { users: ["U0ANA"], groups: ["S0ONCALL"] },
  high: { users: ["U0ANA"], groups: ["S0SRE"] },
};
const ONCALL = Array.from({ length: 20 }, (_, index) => `U0ONCALL${String(index).padStart(2, "0")}`);

/**
 * The approval rules through POST /slack/events with signed payloads, on incidents stored directly
 * and a plan whose status the test controls (the executor's side is a recording function here).
 */
describe("Slack approval rules", () => {
  let database: TestDatabase;
  let slack: FakeSlackApi;
  let app: Hono;
  let integration: SlackIntegration;
  let incidentId: string;
  let status: MitigationStatus | null;
  let delivered: MitigationDecision[];
  let undone: Array<[string, string]>;
  let failDeliveries: number;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await slack?.close();
    await database.close();
  });
  beforeEach(async () => {
    await slack?.close();
    slack = await startFakeSlackApi();
    slack.setGroup("S0ONCALL", ONCALL);
    slack.setGroup("S0SRE", ["U0BOB"]);
    incidentId = randomUUID();
    await database.db
      .insertInto("incidents")
      .values({
        id: incidentId,
        source: "alertmanager",
        group_key: `g-${incidentId}`,
        external_id: null,
        status: "open",
        title: "CheckoutHighErrorRate",
        severity: "critical",
      })
      .execute();
    await database.db
      .insertInto("rcas")
      .values({ incident_id: incidentId, document: JSON.stringify({ ...cardRca(), incidentId }) })
      .execute();
    status = withIncident(awaitingStatus());
    delivered = [];
    undone = [];
    failDeliveries = 0;
    integration = createSlackIntegration({
      settings: {
        mode: "http",
        botToken: "xoxb-test-token",
        signingSecret: SECRET,
        appToken: null,
        publicUrl: null,
        apiUrl: slack.apiUrl,
        defaultChannel: "C0INCIDENTS",
        routes: [],
      },
      db: database.db,
      services: [],
      approvers: APPROVERS,
      mitigationOf: async () => status,
      onDecision: async (decision) => {
        delivered.push(decision);
        if (failDeliveries > 0) {
          failDeliveries--;
          throw new Error("the graph could not be resumed");
        }
        // What the executor does with a delivered decision.
        if (status !== null) status = { ...status, state: decision.approved ? "approved" : "rejected" };
      },
      onUndo: async (id, by) => {
        undone.push([id, by]);
      },
      clock: systemClock,
    });
    app = new Hono();
    integration.registerRoutes(app, { processBeforeResponse: true });
  });

  /** Plan ids are unique across incidents (the executor derives them from the incident). */
  const planOne = () => `plan-${incidentId.slice(0, 8)}-1`;

  function withIncident(
    base: MitigationStatus,
    plan: Partial<MitigationStatus["plan"]> = {},
  ): MitigationStatus {
    return { ...base, plan: { ...base.plan, id: planOne(), incidentId, ...plan } };
  }

  async function click(userId: string, actionId = "vigil_approve", planId = planOne()): Promise<Response> {
    const { body, contentType } = buttonClickBody({
      userId,
      actionId,
      blockId: `vigil-mitigation:${incidentId}`,
      value: planId,
      channel: "C0INCIDENTS",
      messageTs: "1726598000.000100",
    });
    return await send(body, contentType);
  }

  async function send(body: string, contentType: string): Promise<Response> {
    return await app.request("/slack/events", {
      method: "POST",
      headers: { "content-type": contentType, ...slackSignatureHeaders(body, SECRET) },
      body,
    });
  }

  const toldTo = (user: string) =>
    slack
      .callsTo("chat.postEphemeral")
      .filter((call) => call.args.user === user)
      .map((call) => String(call.args.text));
  const approvalRows = () =>
    database.db
      .selectFrom("approvals")
      .select("user_id")
      .where("incident_id", "=", incidentId)
      .orderBy("at")
      .execute();
  const refusals = () =>
    database.db
      .selectFrom("audit_events")
      .select(["actor", "data"])
      .where("incident_id", "=", incidentId)
      .where("type", "=", "approval.refused")
      .execute();

  it("needs two different approvers for a high-risk plan; the same person twice counts once", async () => {
    status = withIncident(awaitingStatus(), { risk: "high", requiredApprovals: 2 });

    await click("U0ANA");
    await click("U0ANA");
    expect(delivered).toEqual([]);
    await click("U0BOB");

    expect(toldTo("U0ANA")).toEqual([
      expect.stringMatching(/^Your approval is recorded: 1 of 2 \(<@U0ANA>\)/),
      expect.stringMatching(/^You already approved this plan \(1 of 2\)/),
    ]);
    expect(toldTo("U0BOB")).toEqual(["Approved by <@U0ANA>, <@U0BOB>: Vigil goes ahead."]);
    expect(delivered).toEqual([
      { incidentId, planId: planOne(), approved: true, by: ["U0ANA", "U0BOB"], at: expect.any(String) },
    ]);
    expect((await approvalRows()).map((row) => row.user_id)).toEqual(["U0ANA", "U0BOB"]);
    // The card, rendered again after each click, counted the first approval before the second.
    const renders = [...slack.callsTo("chat.postMessage"), ...slack.callsTo("chat.update")].map((call) =>
      JSON.stringify(call.args.blocks ?? ""),
    );
    expect(renders.some((blocks) => blocks.includes("Awaiting approval: 1 of 2 (<@U0ANA>)"))).toBe(true);
  });

  it("makes exactly one decision when 20 allowed approvers click at the same time", async () => {
    status = withIncident(awaitingStatus(), { risk: "low" });

    const answers = await Promise.all(ONCALL.map((user) => click(user)));

    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    expect(delivered).toHaveLength(1);
    expect(await approvalRows()).toHaveLength(1);
    const decisions = await database.db
      .selectFrom("mitigation_decisions")
      .select(["approved", "decided_by"])
      .where("incident_id", "=", incidentId)
      .execute();
    expect(decisions).toEqual([{ approved: true, decided_by: delivered[0]?.by }]);
    // One group lookup served the whole burst.
    expect(slack.callsTo("usergroups.users.list")).toHaveLength(1);
  });

  it("answers a click on a superseded plan as stale and records nothing", async () => {
    status = withIncident(awaitingStatus(), { id: "plan-2" });

    await click("U0ANA", "vigil_approve", planOne());

    expect(toldTo("U0ANA")).toEqual([
      "This card is stale: a newer plan has superseded this one. Nothing was recorded.",
    ]);
    expect(delivered).toEqual([]);
    expect(await approvalRows()).toEqual([]);
    expect(await refusals()).toEqual([
      { actor: "U0ANA", data: { planId: planOne(), why: "stale: a newer plan has superseded this one" } },
    ]);
  });

  it("answers a click after the incident was resolved as stale", async () => {
    await database.db
      .updateTable("incidents")
      .set({ status: "resolved" })
      .where("id", "=", incidentId)
      .execute();

    await click("U0ANA");

    expect(toldTo("U0ANA")).toEqual(["This card is stale: the incident is resolved. Nothing was recorded."]);
    expect(delivered).toEqual([]);
    expect(await approvalRows()).toEqual([]);
  });

  it("rejects with one allowed click, after which Approve changes nothing", async () => {
    await click("U0ANA", "vigil_reject");
    await click("U0BOB", "vigil_approve");

    expect(delivered).toEqual([
      { incidentId, planId: planOne(), approved: false, by: ["U0ANA"], at: expect.any(String) },
    ]);
    expect(toldTo("U0ANA")).toEqual(["Rejected: Vigil will not apply this plan."]);
    expect(toldTo("U0BOB")).toEqual(["This plan was already rejected by <@U0ANA>; nothing changed."]);
    expect(await approvalRows()).toEqual([]);
  });

  it("keeps a decision whose delivery failed and delivers it once on redelivery", async () => {
    failDeliveries = 1;

    await click("U0ANA");
    expect(delivered).toHaveLength(1);
    expect(toldTo("U0ANA")).toEqual(["Approved by <@U0ANA>: Vigil goes ahead."]);
    const pending = () =>
      database.db
        .selectFrom("mitigation_decisions")
        .select("plan_id")
        .where("incident_id", "=", incidentId)
        .where("delivered_at", "is", null)
        .execute();
    expect(await pending()).toEqual([{ plan_id: planOne() }]);

    expect(await integration.redeliverPendingDecisions({ olderThanMs: 0 })).toEqual({
      decisions: 1,
      undos: 0,
    });
    expect(await integration.redeliverPendingDecisions({ olderThanMs: 0 })).toEqual({
      decisions: 0,
      undos: 0,
    });

    expect(delivered).toHaveLength(2);
    expect(delivered[1]).toEqual(delivered[0]);
    expect(await pending()).toEqual([]);
  });

  it("starts the undo once however many times Undo is clicked, and only for an allowed approver", async () => {
    status = { ...withIncident(awaitingStatus()), state: "not-recovered" };

    await click("U0MALLORY", "vigil_undo");
    await Promise.all(Array.from({ length: 5 }, () => click("U0ANA", "vigil_undo")));

    expect(undone).toEqual([[incidentId, "U0ANA"]]);
    expect(toldTo("U0MALLORY")).toEqual([expect.stringMatching(/^You are not allowed to undo this action/)]);
    const told = toldTo("U0ANA");
    expect(told.filter((text) => text.startsWith("Undo requested"))).toHaveLength(1);
    expect(
      told.filter((text) => text.startsWith("An undo of this action was already requested")),
    ).toHaveLength(4);
  });

  it("answers a click as soon as it is acknowledged and finishes the approval afterwards by default", async () => {
    const immediate = new Hono();
    const routes = integration.registerRoutes(immediate);
    const { body, contentType } = buttonClickBody({
      userId: "U0ANA",
      actionId: "vigil_approve",
      blockId: `vigil-mitigation:${incidentId}`,
      value: planOne(),
      channel: "C0INCIDENTS",
      messageTs: "1726598000.000100",
    });

    const answer = await immediate.request("/slack/events", {
      method: "POST",
      headers: { "content-type": contentType, ...slackSignatureHeaders(body, SECRET) },
      body,
    });
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe("");
    await routes.receiver.idle();

    expect(delivered.map((decision) => decision.by)).toEqual([["U0ANA"]]);
  });

  it("answers Slack's URL verification with the challenge, once signed", async () => {
    const body = JSON.stringify({
      token: "t",
      challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
      type: "url_verification",
    });

    const answer = await send(body, "application/json");

    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({
      challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
    });
  });

  it("answers Details with the RCA summary in Slack when Vigil has no public URL", async () => {
    const { body, contentType } = buttonClickBody({
      userId: "U0EVE",
      actionId: "vigil_details",
      blockId: `vigil-mitigation:${incidentId}`,
      value: incidentId,
      channel: "C0INCIDENTS",
      messageTs: "1726598000.000100",
    });

    await send(body, contentType);

    expect(toldTo("U0EVE")).toEqual([
      expect.stringContaining("*Top hypothesis*: `checkout` `bad-deploy` (87 %)"),
    ]);
  });
});
