import type { ApprovalOutcome, UndoOutcome } from "../../src/approval/approval-outcome.ts";
import { escapeMrkdwn, userMention } from "./escape-mrkdwn.ts";

const people = (ids: readonly string[]) => ids.map(userMention).join(", ");

/** What the person who clicked Approve or Reject is told (ephemeral: only they see it). */
export function describeApproval(outcome: ApprovalOutcome): string {
  switch (outcome.kind) {
    case "recorded":
      return `Your approval is recorded: ${outcome.approvers.length} of ${outcome.needed} (${people(outcome.approvers)}). A different approver must approve too.`;
    case "decided":
      return outcome.decision.approved
        ? `Approved by ${people(outcome.decision.by)}: Vigil goes ahead.`
        : "Rejected: Vigil will not apply this plan.";
    case "duplicate":
      return `You already approved this plan (${outcome.approvers.length} of ${outcome.needed}). It needs a different approver.`;
    case "already-decided":
      return `This plan was already ${outcome.decision.approved ? "approved" : "rejected"} by ${people(outcome.decision.by)}; nothing changed.`;
    case "stale":
      return `This card is stale: ${escapeMrkdwn(outcome.reason)}. Nothing was recorded.`;
    case "not-allowed":
      return `You are not allowed to decide this plan: ${escapeMrkdwn(outcome.reason)}. Nothing changed.`;
    default: {
      const unknown: never = outcome;
      return String(unknown);
    }
  }
}

export function describeUndo(outcome: UndoOutcome): string {
  switch (outcome.kind) {
    case "requested":
      return "Undo requested: Vigil restores the previous state.";
    case "already-requested":
      return "An undo of this action was already requested; nothing changed.";
    case "stale":
      return `This card is stale: ${escapeMrkdwn(outcome.reason)}. Nothing was recorded.`;
    case "not-allowed":
      return `You are not allowed to undo this action: ${escapeMrkdwn(outcome.reason)}. Nothing changed.`;
    default: {
      const unknown: never = outcome;
      return String(unknown);
    }
  }
}
