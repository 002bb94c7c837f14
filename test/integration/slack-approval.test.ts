import { Hono } from "hono";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createReplaySources } from "../../integrations/replay/create-replay-sources.ts";
import { loadReplayCase, type ReplayCase } from "../../integrations/replay/load-replay-case.ts";
import {
  createSlackIntegration,
  type SlackIntegration,
} from "../../integrations/slack/create-slack-integration.ts";
import { createInvestigation } from "../../src/agent/create-investigation.ts";
import { loadRunbooks } from "../../src/agent/runbooks/load-runbooks.ts";
import type { ApproverPolicy } from "../../src/approval/approval-rules.ts";
import type { MitigationDecision } from "../../src/domain/mitigation-plan.ts";
import { DEFAULT_MITIGATION_POLICY } from "../../src/mitigation/mitigation-policy.ts";
import { fixedClock, systemClock } from "../../src/ports/clock.ts";
import type { KubernetesObject } from "../../src/ports/cluster-reader.ts";
import type { IncidentNotifier } from "../../src/ports/incident-notifier.ts";
import { createCheckpointer } from "../../src/store/create-checkpointer.ts";
import { createInvestigationRepository } from "../../src/store/create-investigation-repository.ts";
import { createMitigationStore } from "../../src/store/create-mitigation-store.ts";
import { type OpenedDatabase, openDatabase } from "../../src/store/open-database.ts";
import {
  buttonClickBody,
  type FakeSlackApi,
  slackSignatureHeaders,
  startFakeSlackApi,
} from "../support/fake-slack-api.ts";
import { createInMemoryCluster, type InMemoryCluster } from "../support/in-memory-cluster.ts";
import { RUNBOOKS, storeIncidentFromCase } from "../support/investigation-fixture.ts";
import { createTestDatabase, type TestDatabase } from "../support/postgres.ts";

const CASE = new URL("../../evals/cases/shop-checkout-bad-deploy.json", import.meta.url).pathname;
const SECRET = "test-signing-secret";
const CHANNEL = "C0SHOP";
const APPROVERS: ApproverPolicy = {
  low: { users: ["U0ANA"], groups: [] },
  medium: { users: ["U0ANA"], groups: ["S0ONCALL"] },
  high: { users: ["U0ANA"], groups: ["S0ONCALL"] },
};

/**
 * The whole path on a real recorded incident: the investigation graph pauses for approval with
 * its plan stored, the Slack card is posted by the graph's own notification, and signed clicks on
 * that card arrive at POST /slack/events exactly as Slack sends them.
 */
describe("approving a replayed incident's plan from its Slack card", () => {
  let database: TestDatabase;
  let opened: OpenedDatabase;
  let slack: FakeSlackApi;
  let replayCase: ReplayCase;

  beforeAll(async () => {
    database = await createTestDatabase();
    opened = openDatabase({ url: database.url, poolSize: 8 });
    await createCheckpointer(opened.pool);
    replayCase = await loadReplayCase(CASE);
  });
  afterAll(async () => {
    await opened.close();
    await database.close();
  });
  beforeEach(async () => {
    await slack?.close();
    slack = await startFakeSlackApi();
    slack.setGroup("S0ONCALL", ["U0BOB", "U0CAROL"]);
  });

  async function pausedForApproval() {
    const incidentId = await storeIncidentFromCase(opened.db, replayCase);
    const cluster: InMemoryCluster = createInMemoryCluster(
      (replayCase.sources.kubernetes ?? []) as unknown as KubernetesObject[],
    );
    const clock = fixedClock(new Date(replayCase.now));
    const sources = createReplaySources(replayCase);
    // The graph tells the Slack notifier, which is built after the graph it resumes.
    let slackNotifier: IncidentNotifier | null = null;
    const notifier: IncidentNotifier = {
      investigationStarted: async (id) => slackNotifier?.investigationStarted(id),
      rcaReady: async (id) => slackNotifier?.rcaReady(id),
      progress: async (id, text) => slackNotifier?.progress(id, text),
      mitigationChanged: async (id, state, by) => slackNotifier?.mitigationChanged(id, state, by),
    };
    const investigation = createInvestigation({
      repository: createInvestigationRepository(opened.db),
      checkpointer: await createCheckpointer(opened.pool, { setup: false }),
      contextFor: () => ({ sources, clock }),
      runbooks: await loadRunbooks(RUNBOOKS),
      policy: {
        ...DEFAULT_MITIGATION_POLICY,
        mode: "approve",
        verify: { windowSeconds: 60, intervalSeconds: 30 },
      },
      clock,
      deadlineMs: 20_000,
      notifier,
      mitigation: {
        store: createMitigationStore(opened.db),
        cluster: cluster.cluster,
        writer: cluster.cluster,
        sleep: async () => undefined,
      },
    });
    const delivered: MitigationDecision[] = [];
    const integration: SlackIntegration = createSlackIntegration({
      settings: {
        mode: "http",
        botToken: "xoxb-test-token",
        signingSecret: SECRET,
        appToken: null,
        publicUrl: null,
        apiUrl: slack.apiUrl,
        defaultChannel: CHANNEL,
        routes: [],
      },
      db: opened.db,
      services: [],
      approvers: APPROVERS,
      mitigationOf: investigation.mitigationOf,
      onDecision: async (decision) => {
        delivered.push(decision);
        await investigation.decide(decision);
      },
      onUndo: async (id, by) => {
        await investigation.undo(id, by);
      },
      clock: systemClock,
      chart: { loadSystemFonts: false },
    });
    slackNotifier = integration.notifier;
    const app = new Hono();
    integration.registerRoutes(app, { processBeforeResponse: true });

    expect(await investigation.investigate(incidentId)).toBe("awaiting-approval");
    const status = await investigation.mitigationOf(incidentId);
    if (status === null) throw new Error("the replay should have stored a plan");
    const card = slack
      .callsTo("chat.postMessage")
      .find((call) => call.args.channel === CHANNEL && call.args.blocks);
    if (card === undefined) throw new Error("the graph's rcaReady should have posted the card");

    const click = async (userId: string, actionId = "vigil_approve") => {
      const { body, contentType } = buttonClickBody({
        userId,
        actionId,
        blockId: `vigil-mitigation:${incidentId}`,
        value: status.plan.id,
        channel: String(card.result.channel),
        messageTs: String(card.result.ts),
      });
      return await app.request("/slack/events", {
        method: "POST",
        headers: { "content-type": contentType, ...slackSignatureHeaders(body, SECRET) },
        body,
      });
    };
    return { incidentId, status, investigation, integration, cluster, delivered, click, card, app };
  }

  const ephemerals = () =>
    slack.callsTo("chat.postEphemeral").map((call) => [call.args.user, call.args.text]);

  it("resumes the graph exactly once when 20 Approve clicks arrive at the same time", async () => {
    const { incidentId, status, investigation, cluster, delivered, click, card } = await pausedForApproval();
    // Posted when the investigation started, then brought up to date when the plan was stored.
    expect(JSON.stringify(card.args.blocks)).toContain("Investigating: progress follows in the thread.");
    const shown = slack.callsTo("chat.update").filter((call) => call.args.ts === card.result.ts);
    expect(JSON.stringify(shown[0]?.args.blocks)).toContain(
      `"action_id":"vigil_approve","text":{"type":"plain_text","text":"Approve","emoji":true},"style":"primary","value":"${status.plan.id}"`,
    );

    const answers = await Promise.all(Array.from({ length: 20 }, () => click("U0ANA")));

    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({ incidentId, planId: status.plan.id, approved: true, by: ["U0ANA"] });
    expect(cluster.patches).toHaveLength(1);
    const snapshot = await investigation.graph.getState({ configurable: { thread_id: incidentId } });
    expect(snapshot.values.decision).toMatchObject({ planId: status.plan.id, approved: true, by: ["U0ANA"] });
    expect(snapshot.tasks.some((task) => task.interrupts.length > 0)).toBe(false);
    const approvals = await opened.db
      .selectFrom("approvals")
      .selectAll()
      .where("plan_id", "=", status.plan.id)
      .execute();
    expect(approvals.map((row) => row.user_id)).toEqual(["U0ANA"]);
    const decisions = await opened.db
      .selectFrom("mitigation_decisions")
      .selectAll()
      .where("plan_id", "=", status.plan.id)
      .execute();
    expect(decisions).toHaveLength(1);
    expect(decisions[0]?.delivered_at).not.toBeNull();
    const audit = await auditTypes(incidentId);
    expect(audit.filter((type) => type === "approval.recorded")).toHaveLength(1);
    expect(audit.filter((type) => type === "approval.decided")).toHaveLength(1);
    // The executor's own record that the plan moved: the decision was delivered once.
    expect(audit.filter((type) => type === "mitigation.approved")).toHaveLength(1);
    const told = ephemerals().map(([, text]) => String(text));
    expect(told.filter((text) => text.startsWith("Approved by <@U0ANA>"))).toHaveLength(1);
    expect(told.filter((text) => text.startsWith("This plan was already approved"))).toHaveLength(19);
    // The executor moved the plan on; the card was updated in place and offers nothing to approve.
    const lastUpdate = slack.callsTo("chat.update").at(-1);
    expect(lastUpdate?.args.ts).toBe(card.result.ts);
    expect(JSON.stringify(lastUpdate?.args.blocks)).not.toContain("vigil_approve");
  });

  it("tells an approver who is not allowed so, and approves nothing", async () => {
    const { incidentId, status, delivered, cluster, click } = await pausedForApproval();

    const answer = await click("U0MALLORY");

    expect(answer.status).toBe(200);
    expect(ephemerals()).toEqual([
      [
        "U0MALLORY",
        expect.stringMatching(
          /^You are not allowed to decide this plan: you are not an approver for medium-risk actions/,
        ),
      ],
    ]);
    expect(delivered).toEqual([]);
    expect(cluster.patches).toEqual([]);
    expect(
      await opened.db.selectFrom("approvals").selectAll().where("plan_id", "=", status.plan.id).execute(),
    ).toEqual([]);
    const refused = await opened.db
      .selectFrom("audit_events")
      .select(["actor", "data"])
      .where("incident_id", "=", incidentId)
      .where("type", "=", "approval.refused")
      .execute();
    expect(refused).toEqual([
      {
        actor: "U0MALLORY",
        data: { planId: status.plan.id, why: "not an approver for medium-risk actions" },
      },
    ]);
  });

  it("accepts a member of an approver group, looked up in Slack", async () => {
    const { delivered, click } = await pausedForApproval();

    await click("U0CAROL");

    expect(slack.callsTo("usergroups.users.list").map((call) => call.args.usergroup)).toEqual(["S0ONCALL"]);
    expect(delivered.map((decision) => decision.by)).toEqual([["U0CAROL"]]);
  });

  it("answers 401 to a forged, stale, missing or mismatched signature, and nothing is recorded or resumed", async () => {
    const { incidentId, status, delivered, card, app } = await pausedForApproval();
    const before = slack.calls.length;
    const { body, contentType } = buttonClickBody({
      userId: "U0ANA",
      actionId: "vigil_approve",
      blockId: `vigil-mitigation:${incidentId}`,
      value: status.plan.id,
      channel: String(card.result.channel),
      messageTs: String(card.result.ts),
    });
    const send = (sent: string, headers: Record<string, string>) =>
      app.request("/slack/events", {
        method: "POST",
        headers: { "content-type": contentType, ...headers },
        body: sent,
      });
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const elsewhere = buttonClickBody({
      userId: "U0ANA",
      actionId: "vigil_approve",
      blockId: "x",
      channel: "C1",
      messageTs: "1",
    });

    const answers = await Promise.all([
      send(body, slackSignatureHeaders(body, "not-the-secret")),
      send(body, slackSignatureHeaders(body, SECRET, sixMinutesAgo)),
      send(body, {}),
      send(body, slackSignatureHeaders(elsewhere.body, SECRET)),
    ]);

    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 401]);
    expect(slack.calls.slice(before)).toEqual([]);
    expect(delivered).toEqual([]);
    expect(
      await opened.db.selectFrom("approvals").selectAll().where("incident_id", "=", incidentId).execute(),
    ).toEqual([]);
    expect((await auditTypes(incidentId)).filter((type) => type.startsWith("approval."))).toEqual([]);
    // The same click, properly signed, is what approves: the refusals above were the signature's doing.
    expect((await send(body, slackSignatureHeaders(body, SECRET))).status).toBe(200);
    expect(delivered).toHaveLength(1);
  });

  async function auditTypes(incidentId: string): Promise<string[]> {
    const rows = await opened.db
      .selectFrom("audit_events")
      .select("type")
      .where("incident_id", "=", incidentId)
      .orderBy("id")
      .execute();
    return rows.map((row) => row.type);
  }
});
