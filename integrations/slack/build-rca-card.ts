import type { types } from "@slack/bolt";
import type { Evidence } from "../../src/domain/evidence.ts";
import type { MitigationState, MitigationStatus } from "../../src/domain/mitigation-plan.ts";
import type { RcaDocument } from "../../src/domain/rca.ts";
import { describeMitigationState } from "./describe-mitigation-state.ts";
import { codeBlock, codeSpan, escapeMrkdwn, oneLine, truncate } from "./escape-mrkdwn.ts";

export interface RcaCardInput {
  incident: { id: string; title: string; severity: string; status: "open" | "resolved" };
  /** null while the investigation runs: the card then says so and shows no plan. */
  rca: RcaDocument | null;
  mitigation: MitigationStatus | null;
  /** Approvals counted so far for the current plan. */
  approvals: ReadonlyArray<{ by: string; at: string }>;
  /** Vigil's public base URL: Details links to the RCA Markdown; null: Details answers in Slack. */
  publicUrl: string | null;
}

export interface RcaCard {
  /** The notification text (and what screen readers and old clients show). */
  text: string;
  blocks: types.KnownBlock[];
}

export const ACTION_IDS = {
  approve: "vigil_approve",
  reject: "vigil_reject",
  undo: "vigil_undo",
  details: "vigil_details",
} as const;

/** The actions block's id carries the incident, so a click names both incident and plan. */
export const MITIGATION_BLOCK_PREFIX = "vigil-mitigation:";

const UNDOABLE: readonly MitigationState[] = ["applied", "verified", "not-recovered"];
const DIFF_CHARS = 2_400;

const mrkdwn = (text: string) => ({ type: "mrkdwn" as const, text });
const plain = (text: string) => ({ type: "plain_text" as const, text: truncate(text, 150), emoji: true });

/** The incident's card, as it stands now: rendered again from stored state on every change. */
export function buildRcaCard(input: RcaCardInput): RcaCard {
  const { incident, rca, mitigation } = input;
  const top = rca?.top ?? null;
  const blocks: types.KnownBlock[] = [
    { type: "header", text: plain(oneLine(incident.title) || "Incident") },
    {
      type: "section",
      fields: [
        mrkdwn(`*Severity*\n${escapeMrkdwn(truncate(incident.severity, 40))}`),
        mrkdwn(`*Service*\n${top === null ? "unknown" : codeSpan(top.service)}`),
        mrkdwn(`*Confidence*\n${top === null ? "n/a" : `${Math.round(top.confidence * 100)} %`}`),
        mrkdwn(`*Incident*\n${incident.status}${rca === null ? ", investigating" : ""}`),
      ],
    },
  ];
  if (rca === null) {
    blocks.push({ type: "section", text: mrkdwn(":mag: Investigating: progress follows in the thread.") });
  } else {
    blocks.push({ type: "section", text: mrkdwn(hypothesisText(rca)) });
    const lines = keyEvidence(rca).map(evidenceLine);
    if (lines.length > 0)
      blocks.push({ type: "section", text: mrkdwn(`*Key evidence*\n${lines.join("\n")}`) });
    blocks.push({ type: "divider" }, { type: "section", text: mrkdwn(planText(rca, mitigation)) });
    if (mitigation !== null) {
      blocks.push({
        type: "context",
        elements: [mrkdwn(describeMitigationState(mitigation, input.approvals))],
      });
    }
  }
  blocks.push({
    type: "actions",
    block_id: `${MITIGATION_BLOCK_PREFIX}${incident.id}`,
    elements: buttons(input),
  });
  const headline =
    top === null ? "investigating" : `${top.service} ${top.kind} (${Math.round(top.confidence * 100)} %)`;
  return { text: escapeMrkdwn(truncate(`${oneLine(incident.title)}: ${headline}`, 300)), blocks };
}

function hypothesisText(rca: RcaDocument): string {
  if (rca.top === null) return "*Top hypothesis*\nNo hypothesis was supported by the evidence.";
  const { service, kind, explanation, changeId } = rca.top;
  const change = changeId === undefined ? "" : `\nSuspect change: ${codeSpan(changeId)}`;
  return `*Top hypothesis*: ${codeSpan(service)} ${codeSpan(kind)}\n${escapeMrkdwn(truncate(oneLine(explanation), 600))}${change}`;
}

/**
 * Three items: what the top hypothesis cites first, then what the mitigation cites, then what
 * findings about the top service cite, then whatever else was collected.
 */
function keyEvidence(rca: RcaDocument): Evidence[] {
  const service = rca.top?.service;
  const ids = [
    ...(rca.top?.evidenceIds ?? []),
    ...rca.mitigation.evidenceIds,
    ...rca.findings
      .filter((finding) => finding.service === service)
      .flatMap((finding) => finding.evidenceIds),
    ...rca.evidence.map((item) => item.id),
  ];
  const chosen: Evidence[] = [];
  for (const id of new Set(ids)) {
    const item = rca.evidence.find((evidence) => evidence.id === id);
    if (item !== undefined) chosen.push(item);
    if (chosen.length === 3) break;
  }
  return chosen;
}

function evidenceLine(item: Evidence): string {
  return `• ${codeSpan(truncate(oneLine(item.query), 120))}: ${escapeMrkdwn(truncate(oneLine(item.summary), 200))}`;
}

function planText(rca: RcaDocument, mitigation: MitigationStatus | null): string {
  if (mitigation === null) {
    const proposal = rca.mitigation;
    const what =
      proposal.action === "none" ? "No automatic action proposed" : `Proposed: ${codeSpan(proposal.action)}`;
    return `*Mitigation*\n${what}: ${escapeMrkdwn(truncate(oneLine(proposal.why), 500))}`;
  }
  const { plan } = mitigation;
  const diff = plan.diff.length > DIFF_CHARS ? `${plan.diff.slice(0, DIFF_CHARS)}\n… (diff cut)` : plan.diff;
  return [
    `*Mitigation plan* (${plan.risk} risk, ${plan.mode})`,
    escapeMrkdwn(truncate(oneLine(plan.summary), 300)),
    codeBlock(diff),
  ].join("\n");
}

function buttons(input: RcaCardInput): types.Button[] {
  const { incident, mitigation } = input;
  const elements: types.Button[] = [];
  const planId = mitigation?.plan.id;
  if (
    mitigation !== null &&
    planId !== undefined &&
    mitigation.state === "awaiting-approval" &&
    incident.status === "open"
  ) {
    const approve: types.Button = {
      type: "button",
      action_id: ACTION_IDS.approve,
      text: plain("Approve"),
      style: "primary",
      value: planId,
    };
    if (mitigation.plan.risk === "high") {
      approve.confirm = {
        title: plain("Approve a high-risk action?"),
        text: mrkdwn(
          `${escapeMrkdwn(truncate(oneLine(mitigation.plan.summary), 250))}\nIt needs a second approver.`,
        ),
        confirm: plain("Approve"),
        deny: plain("Cancel"),
        style: "danger",
      };
    }
    elements.push(approve, {
      type: "button",
      action_id: ACTION_IDS.reject,
      text: plain("Reject"),
      style: "danger",
      value: planId,
    });
  }
  if (mitigation !== null && planId !== undefined && UNDOABLE.includes(mitigation.state)) {
    elements.push({
      type: "button",
      action_id: ACTION_IDS.undo,
      text: plain("Undo"),
      style: "danger",
      value: planId,
      confirm: {
        title: plain("Undo the mitigation?"),
        text: mrkdwn("Restores the state recorded before the action was applied."),
        confirm: plain("Undo"),
        deny: plain("Cancel"),
      },
    });
  }
  elements.push(
    input.publicUrl === null
      ? { type: "button", action_id: ACTION_IDS.details, text: plain("Details"), value: incident.id }
      : {
          type: "button",
          action_id: ACTION_IDS.details,
          text: plain("Details"),
          url: `${input.publicUrl}/api/incidents/${incident.id}/rca.md`,
        },
  );
  return elements;
}
