import type { MitigationState, MitigationStatus } from "../../src/domain/mitigation-plan.ts";
import type { MitigationProposal, RcaDocument } from "../../src/domain/rca.ts";

const MAX_FIELD_CHARS = 400;

/**
 * The RCA as a PagerDuty note: plain text (PagerDuty shows notes as typed), short enough for the
 * incident timeline, with a link to the full Markdown RCA when Vigil has a public URL.
 */
export function mapRcaToPagerdutyNote(
  rca: RcaDocument,
  { incidentId, publicUrl }: { incidentId: string; publicUrl: string | null },
): string {
  const lines = [`Vigil root-cause analysis (${rca.mode}): ${bare(rca.summary)}.`];
  if (rca.top === null) {
    lines.push("Top hypothesis: none was supported by the evidence.");
  } else {
    const { service, kind, confidence, changeId, subject } = rca.top;
    const about = [changeId && `change ${changeId}`, subject && `subject ${subject}`].filter(Boolean);
    const detail = about.length === 0 ? "" : ` (${about.join(", ")})`;
    lines.push(`Top hypothesis: ${service} ${kind}, confidence ${confidence.toFixed(2)}${detail}.`);
  }
  const gaps = rca.gaps.map((gap) => `${gap.source} ${gap.reason}`);
  lines.push(
    `Evidence: ${count(rca.evidence.length, "item")} from ${count(rca.findings.length, "finding")}` +
      (gaps.length === 0 ? "." : `; gaps: ${clip(gaps.join(", "))}.`),
  );
  lines.push(`Proposed mitigation: ${describeProposal(rca.mitigation)}`);
  if (rca.alternatives.length > 0) {
    const alternatives = rca.alternatives
      .slice(0, 3)
      .map((h) => `${h.service} ${h.kind} ${h.confidence.toFixed(2)}`);
    lines.push(`Alternatives: ${alternatives.join("; ")}.`);
  }
  if (publicUrl !== null) lines.push(`Full RCA: ${publicUrl}/api/incidents/${incidentId}/rca.md`);
  return lines.join("\n");
}

/** The states a note is written for; the others (planned, applying, ...) are steps on the way. */
export const NOTED_MITIGATION_STATES = [
  "approved",
  "rejected",
  "applied",
  "verified",
  "not-recovered",
  "undone",
  "failed",
] as const satisfies readonly MitigationState[];
export type NotedMitigationState = (typeof NOTED_MITIGATION_STATES)[number];

export function isNotedMitigationState(state: MitigationState): state is NotedMitigationState {
  return (NOTED_MITIGATION_STATES as readonly MitigationState[]).includes(state);
}

/**
 * One note per mitigation step. `status` (the plan as approved) is preferred; without it the RCA's
 * proposal names the action.
 */
export function mapMitigationToPagerdutyNote({
  state,
  by,
  status,
  proposal,
}: {
  state: NotedMitigationState;
  by: string | undefined;
  status: MitigationStatus | null;
  proposal: MitigationProposal | null;
}): string {
  const action =
    status !== null
      ? bare(status.plan.summary)
      : proposal === null || proposal.action === "none"
        ? "the proposed mitigation"
        : describeAction(proposal);
  const who = by === undefined ? "" : ` by ${by}`;
  const detail = status?.detail === undefined ? "" : ` Detail: ${bare(status.detail)}.`;
  switch (state) {
    case "approved":
      return `Vigil: mitigation approved${who}: ${action}.`;
    case "rejected":
      return `Vigil: mitigation rejected${who}: ${action}. Nothing was changed.`;
    case "applied":
      return `Vigil: mitigation applied${who}: ${action}. Checking that the alerting signal recovers.${detail}`;
    case "verified":
      return `Vigil: mitigation verified: the alerting signal recovered after ${action}.${detail}`;
    case "not-recovered":
      return `Vigil: the alerting signal has NOT recovered after ${action}.${detail} The undo is offered in Slack and the console.`;
    case "undone":
      return `Vigil: mitigation undone${who}: the state before ${action} was restored.${detail}`;
    case "failed":
      return `Vigil: mitigation failed: ${action}.${detail} Nothing further is done automatically.`;
    default: {
      const unhandled: never = state;
      return unhandled;
    }
  }
}

function describeProposal(proposal: MitigationProposal): string {
  const why = bare(proposal.why);
  const head = proposal.action === "none" ? "none." : `${describeAction(proposal)} (risk ${proposal.risk}).`;
  return why === "" ? head : `${head} ${why}.`;
}

function describeAction({ action, target }: MitigationProposal): string {
  if (target === undefined) return action;
  return `${action} ${target.kind} ${target.namespace === undefined ? "" : `${target.namespace}/`}${target.name}`;
}

/** Clipped, without a closing full stop, so that the sentence around it can end it. */
function bare(text: string): string {
  return clip(text).replace(/[.\s]+$/, "");
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** Telemetry-derived text can be long (a log line, a query); a note keeps its head. */
function clip(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= MAX_FIELD_CHARS ? flat : `${flat.slice(0, MAX_FIELD_CHARS - 1)}…`;
}
