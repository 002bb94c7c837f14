import type { types } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { buildRcaCard, type RcaCardInput } from "../../../integrations/slack/build-rca-card.ts";
import type { MitigationStatus } from "../../../src/domain/mitigation-plan.ts";
import { awaitingStatus, cardRca, INCIDENT_ID } from "./rca-card-fixture.ts";

const incident = {
  id: INCIDENT_ID,
  title: "CheckoutHighErrorRate",
  severity: "critical",
  status: "open" as const,
};

function card(overrides: Partial<RcaCardInput> = {}) {
  return buildRcaCard({
    incident,
    rca: cardRca(),
    mitigation: awaitingStatus(),
    approvals: [],
    publicUrl: "https://vigil.example.com",
    ...overrides,
  });
}

function actions(blocks: types.KnownBlock[]): types.Button[] {
  const block = blocks.find((item): item is types.ActionsBlock => item.type === "actions");
  return (block?.elements ?? []) as types.Button[];
}

function allText(blocks: types.KnownBlock[]): string {
  return JSON.stringify(blocks);
}

function withState(
  state: MitigationStatus["state"],
  extra: Partial<MitigationStatus> = {},
): MitigationStatus {
  return { ...awaitingStatus(), state, ...extra };
}

describe("the RCA card", () => {
  it("shows title, severity, service, confidence, top hypothesis, three evidence lines and the plan diff", () => {
    const { blocks, text } = card();
    expect(blocks[0]).toEqual({
      type: "header",
      text: expect.objectContaining({ text: "CheckoutHighErrorRate" }),
    });
    const fields = (blocks[1] as types.SectionBlock).fields?.map((field) => field.text);
    expect(fields).toEqual([
      "*Severity*\ncritical",
      "*Service*\n`checkout`",
      "*Confidence*\n87 %",
      "*Incident*\nopen",
    ]);
    const body = allText(blocks);
    expect(body).toContain("*Top hypothesis*: `checkout` `bad-deploy`");
    const evidence = blocks.find(
      (block) => block.type === "section" && block.text?.text.startsWith("*Key evidence*"),
    );
    const lines = (evidence as types.SectionBlock).text?.text.split("\n").slice(1);
    expect(lines).toEqual([
      "• `changes(service=checkout)`: deploy checkout v41 -&gt; v42 at 10:00",
      expect.stringMatching(
        /^• `sum\(rate\(http_requests_total.*`: checkout 5xx rate rose from 0 to 12\/s at 10:01$/,
      ),
      '• `{service="checkout"} |= "panic"`: new log template: panic: nil pointer',
    ]);
    expect(body).toContain("```\\n- image: registry/checkout:v42\\n+ image: registry/checkout:v41\\n```");
    expect(text).toContain("checkout bad-deploy (87 %)");
  });

  it("offers Approve (primary, value = plan id), Reject and a Details link while the plan awaits approval", () => {
    const buttons = actions(card().blocks);
    expect(buttons.map((button) => [button.action_id, button.style, button.value])).toEqual([
      ["vigil_approve", "primary", "plan-1"],
      ["vigil_reject", "danger", "plan-1"],
      ["vigil_details", undefined, undefined],
    ]);
    expect(buttons[0]?.confirm).toBeUndefined();
    expect(buttons[2]?.url).toBe(`https://vigil.example.com/api/incidents/${INCIDENT_ID}/rca.md`);
  });

  it("asks for confirmation before approving a high-risk plan", () => {
    const status = awaitingStatus({ risk: "high", requiredApprovals: 2 });
    const approve = actions(card({ mitigation: status }).blocks)[0];
    expect(approve?.confirm?.title?.text).toBe("Approve a high-risk action?");
  });

  it("makes Details an in-Slack button when Vigil has no public URL", () => {
    const details = actions(card({ publicUrl: null }).blocks).at(-1);
    expect(details).toMatchObject({ action_id: "vigil_details", value: INCIDENT_ID });
    expect(details?.url).toBeUndefined();
  });

  it("counts approvals so far on a plan that needs two", () => {
    const status = awaitingStatus({ risk: "high", requiredApprovals: 2 });
    const body = allText(card({ mitigation: status, approvals: [{ by: "U0ANA", at: "t" }] }).blocks);
    expect(body).toContain("Awaiting approval: 1 of 2 (<@U0ANA>)");
  });

  it("says who approved, and drops Approve and Reject, once approved", () => {
    const { blocks } = card({ mitigation: withState("approved"), approvals: [{ by: "U0ANA", at: "t" }] });
    expect(allText(blocks)).toContain("Approved by <@U0ANA>");
    expect(actions(blocks).map((button) => button.action_id)).toEqual(["vigil_details"]);
  });

  it("renders applied, verified, not recovered (with Undo) and undone differently", () => {
    const applied = card({ mitigation: withState("applied"), approvals: [{ by: "U0ANA", at: "t" }] });
    const verified = card({ mitigation: withState("verified", { detail: "error ratio 0.4 % < 1 %" }) });
    const notRecovered = card({
      mitigation: withState("not-recovered", { detail: "error ratio still 12 %" }),
    });
    const undone = card({
      mitigation: withState("undone", { history: [{ state: "undone", at: "t", by: "U0BOB" }] }),
    });
    expect(allText(applied.blocks)).toContain("Applied, approved by <@U0ANA>");
    expect(allText(verified.blocks)).toContain("Verified: the service recovered: error ratio 0.4 % &lt; 1 %");
    expect(allText(notRecovered.blocks)).toContain("has not recovered: error ratio still 12 %");
    expect(actions(notRecovered.blocks).map((button) => button.action_id)).toEqual([
      "vigil_undo",
      "vigil_details",
    ]);
    expect(allText(undone.blocks)).toContain("Undone by <@U0BOB>");
    expect(actions(undone.blocks).map((button) => button.action_id)).toEqual(["vigil_details"]);
  });

  it("offers no decision on a resolved incident", () => {
    const { blocks } = card({ incident: { ...incident, status: "resolved" } });
    expect(actions(blocks).map((button) => button.action_id)).toEqual(["vigil_details"]);
  });

  it("escapes telemetry so that it can neither notify people nor become a link", () => {
    const rca = cardRca();
    rca.top!.explanation = "log says <!channel> see <https://evil.example|here> & `rm -rf`";
    const body = allText(card({ rca }).blocks);
    expect(body).toContain("log says &lt;!channel&gt; see &lt;https://evil.example|here&gt; &amp;");
    expect(body).not.toContain("<!channel>");
  });

  it("says the investigation is running when there is no RCA yet", () => {
    const { blocks } = card({ rca: null, mitigation: null });
    expect(allText(blocks)).toContain("Investigating: progress follows in the thread.");
    expect(actions(blocks).map((button) => button.action_id)).toEqual(["vigil_details"]);
  });
});
