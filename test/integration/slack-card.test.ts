import type { types } from "@slack/bolt";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadReplayCase, type ReplayCase } from "../../integrations/replay/load-replay-case.ts";
import {
  createSlackIntegration,
  type SlackIntegration,
} from "../../integrations/slack/create-slack-integration.ts";
import { NO_APPROVERS } from "../../src/approval/approval-rules.ts";
import type { MitigationStatus } from "../../src/domain/mitigation-plan.ts";
import type { RcaDocument } from "../../src/domain/rca.ts";
import { systemClock } from "../../src/ports/clock.ts";
import { createIncidentQueries } from "../../src/store/create-incident-queries.ts";
import { type OpenedDatabase, openDatabase } from "../../src/store/open-database.ts";
import { type FakeSlackApi, type RecordedCall, startFakeSlackApi } from "../support/fake-slack-api.ts";
import { createCaseInvestigation, storeIncidentFromCase } from "../support/investigation-fixture.ts";
import { createTestDatabase, type TestDatabase } from "../support/postgres.ts";

const CASE = new URL("../../evals/cases/shop-checkout-bad-deploy.json", import.meta.url).pathname;
const PNG_SIGNATURE = "89504e470d0a1a0a";

/** What the mitigation executor would report for the RCA's proposal, built here from the RCA. */
function statusFor(
  rca: RcaDocument,
  state: MitigationStatus["state"] = "awaiting-approval",
): MitigationStatus {
  const { action, target, risk } = rca.mitigation;
  if (action === "none" || target === undefined) throw new Error("the replay case should propose an action");
  return {
    plan: {
      id: `plan-${rca.incidentId.slice(0, 8)}-1`,
      incidentId: rca.incidentId,
      action,
      target,
      risk,
      mode: "approve",
      summary: `Roll back ${target.kind} ${target.namespace}/${target.name} from revision 7 to revision 6`,
      diff: "  spec.template.spec.containers[0].image:\n-   registry/checkout:2.41.0\n+   registry/checkout:2.40.3",
      changes: [{ path: "$.spec.template.spec.containers[0].image", before: "2.41.0", after: "2.40.3" }],
      preconditions: [{ description: "revision 6 exists", ok: true }],
      requiredApprovals: 1,
      createdAt: rca.createdAt,
    },
    state,
    approvals: state === "awaiting-approval" ? [] : [{ by: "U0ANA", at: rca.createdAt }],
    history: [{ state, at: rca.createdAt, ...(state === "undone" ? { by: "U0ANA" } : {}) }],
  };
}

function blocksOf(call: RecordedCall | undefined): types.KnownBlock[] {
  return (call?.args.blocks ?? []) as types.KnownBlock[];
}

describe("the Slack card of a replayed incident", () => {
  let database: TestDatabase;
  let opened: OpenedDatabase;
  let slack: FakeSlackApi;
  let replayCase: ReplayCase;
  let incidentId: string;
  let rca: RcaDocument;
  let status: MitigationStatus | null;

  const integrate = (): SlackIntegration =>
    createSlackIntegration({
      settings: {
        mode: "http",
        botToken: "xoxb-test-token",
        signingSecret: "test-signing-secret",
        appToken: null,
        publicUrl: "https://vigil.example.com",
        apiUrl: slack.apiUrl,
        defaultChannel: "C0DEFAULT",
        routes: [
          { match: { severity: "info" }, channel: "C0QUIET" },
          { match: { team: "shop" }, channel: "C0SHOP" },
        ],
      },
      db: opened.db,
      services: [],
      approvers: NO_APPROVERS,
      mitigationOf: async () => status,
      onDecision: async () => {},
      onUndo: async () => {},
      clock: systemClock,
      // Exercises the renderer the way a font-less CI container runs it.
      chart: { loadSystemFonts: false },
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    opened = openDatabase({ url: database.url, poolSize: 6 });
    replayCase = await loadReplayCase(CASE);
  });
  afterAll(async () => {
    await opened.close();
    await database.close();
  });
  beforeEach(async () => {
    await slack?.close();
    slack = await startFakeSlackApi();
    incidentId = await storeIncidentFromCase(opened.db, replayCase);
    const { investigate } = await createCaseInvestigation(opened, replayCase);
    await investigate(incidentId);
    rca = (await createIncidentQueries(opened.db).get(incidentId))?.rca as RcaDocument;
    expect(rca.mitigation.action).toBe("rollback");
    status = statusFor(rca);
  });

  it("posts the card once to the routed channel with the RCA, the plan and its buttons, and the chart PNG in its thread", async () => {
    const { notifier } = integrate();

    await notifier.rcaReady(incidentId);
    await notifier.rcaReady(incidentId);

    const posts = slack.callsTo("chat.postMessage");
    expect(posts).toHaveLength(1);
    expect(posts[0]?.token).toBe("xoxb-test-token");
    expect(posts[0]?.args.channel).toBe("C0SHOP");
    const blocks = blocksOf(posts[0]);
    expect(blocks[0]).toMatchObject({ type: "header", text: { text: "CheckoutHighErrorRate" } });
    const fields = (blocks[1] as types.SectionBlock).fields?.map((field) => field.text);
    expect(fields?.slice(0, 2)).toEqual(["*Severity*\ncritical", "*Service*\n`checkout`"]);
    expect(fields?.[2]).toBe(`*Confidence*\n${Math.round(rca.top!.confidence * 100)} %`);
    const text = JSON.stringify(blocks);
    expect(text).toContain("*Top hypothesis*: `checkout` `bad-deploy`");
    expect(text).toContain(`Suspect change: \`${rca.top!.changeId}\``);
    const evidence = blocks.find(
      (block): block is types.SectionBlock =>
        block.type === "section" && !!block.text?.text.startsWith("*Key evidence*"),
    );
    const lines = evidence?.text?.text.split("\n").slice(1) ?? [];
    expect(lines).toHaveLength(3);
    const cited = rca.top!.evidenceIds.map((id) => rca.evidence.find((item) => item.id === id)!);
    expect(lines[0]).toContain(cited[0]!.summary.slice(0, 40).replaceAll(">", "&gt;"));
    expect(text).toContain("registry/checkout:2.41.0");
    const actions = blocks.find((block): block is types.ActionsBlock => block.type === "actions");
    expect(actions?.block_id).toBe(`vigil-mitigation:${incidentId}`);
    expect(actions?.elements.map((element) => [element.action_id, (element as types.Button).value])).toEqual([
      ["vigil_approve", status!.plan.id],
      ["vigil_reject", status!.plan.id],
      ["vigil_details", undefined],
    ]);

    // The chart went through the external-upload calls into the card's thread, exactly once.
    expect(slack.callsTo("files.getUploadURLExternal")).toHaveLength(1);
    expect(slack.uploads).toHaveLength(1);
    expect(slack.uploads[0]?.bytes.subarray(0, 8).toString("hex")).toBe(PNG_SIGNATURE);
    expect(slack.uploads[0]?.bytes.readUInt32BE(16)).toBe(800);
    const completed = slack.callsTo("files.completeUploadExternal");
    expect(completed).toHaveLength(1);
    const cardTs = posts[0]?.result.ts;
    expect(cardTs).toEqual(expect.any(String));
    expect(completed[0]?.args).toMatchObject({ channel_id: "C0SHOP", thread_ts: cardTs });
    // The second rcaReady brought the card up to date in place instead of posting again.
    expect(slack.callsTo("chat.update").map((call) => call.args.ts)).toEqual([cardTs]);
  });

  it("posts progress to the card's thread and updates the card in place as the plan moves on", async () => {
    const { notifier } = integrate();

    await notifier.investigationStarted(incidentId);
    await notifier.investigationStarted(incidentId);
    await notifier.progress(incidentId, "logs: <loki> timed out after 20 s");
    // As if the logs had been unreachable: the RCA lists the gap, and the thread says so once.
    const gap = {
      investigator: "logs",
      source: "logs",
      reason: "timeout",
      message: "Loki did not answer in 20 s",
    };
    await opened.db
      .updateTable("rcas")
      .set({ document: JSON.stringify({ ...rca, gaps: [gap] }) })
      .where("incident_id", "=", incidentId)
      .execute();
    await notifier.rcaReady(incidentId);
    await notifier.rcaReady(incidentId);
    status = statusFor(rca, "approved");
    await notifier.mitigationChanged(incidentId, "approved", "U0ANA");
    status = statusFor(rca, "not-recovered");
    await notifier.mitigationChanged(incidentId, "not-recovered");
    await notifier.mitigationChanged(incidentId, "not-recovered");

    const posts = slack.callsTo("chat.postMessage");
    const card = posts[0]!;
    const cardTs = card.result.ts;
    expect(card.args.channel).toBe("C0SHOP");
    const thread = posts.slice(1).map((call) => [call.args.thread_ts, call.args.text]);
    expect(thread).toEqual([
      [cardTs, ":mag: Investigation started."],
      [cardTs, "logs: &lt;loki&gt; timed out after 20 s"],
      [
        cardTs,
        ":warning: Investigation gaps (the RCA was written without these):\n• `logs` could not read `logs` (timeout): `Loki did not answer in 20 s`",
      ],
      [cardTs, ":white_check_mark: Approved by <@U0ANA>"],
      [cardTs, expect.stringMatching(/^:red_circle: The service has not recovered\. Undo is on the card\.$/)],
    ]);
    const updates = slack.callsTo("chat.update");
    expect(updates.every((call) => call.args.ts === cardTs && call.args.channel === "C0SHOP")).toBe(true);
    expect(JSON.stringify(updates[0]?.args.blocks)).toContain("*Top hypothesis*");
    // Two rcaReady, approved, and not-recovered twice: every notification re-renders the one card.
    expect(updates).toHaveLength(5);
    expect(JSON.stringify(updates[2]?.args.blocks)).toContain("Approved by <@U0ANA>");
    const last = blocksOf(updates.at(-1));
    const buttons = last.find((block): block is types.ActionsBlock => block.type === "actions")?.elements;
    expect(buttons?.map((button) => button.action_id)).toEqual(["vigil_undo", "vigil_details"]);
  });

  it("never throws into the investigation when Slack fails, and posts the card on the next try", async () => {
    const { notifier } = integrate();
    slack.failNext("chat.postMessage", "ratelimited");

    await expect(notifier.rcaReady(incidentId)).resolves.toBeUndefined();
    expect(slack.uploads).toHaveLength(0);
    await notifier.rcaReady(incidentId);

    expect(slack.callsTo("chat.postMessage").map((call) => call.args.channel)).toEqual(["C0SHOP", "C0SHOP"]);
    expect(slack.uploads).toHaveLength(1);
  });
});
