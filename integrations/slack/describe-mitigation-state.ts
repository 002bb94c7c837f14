import { approvalsNeeded } from "../../src/approval/approval-rules.ts";
import type { MitigationState, MitigationStatus } from "../../src/domain/mitigation-plan.ts";
import { escapeMrkdwn, truncate, userMention } from "./escape-mrkdwn.ts";

const EMOJI: Record<MitigationState, string> = {
  planned: ":memo:",
  refused: ":no_entry:",
  "awaiting-approval": ":hourglass_flowing_sand:",
  approved: ":white_check_mark:",
  rejected: ":x:",
  applying: ":gear:",
  applied: ":hammer_and_wrench:",
  verified: ":large_green_circle:",
  "not-recovered": ":red_circle:",
  undone: ":leftwards_arrow_with_hook:",
  failed: ":warning:",
  superseded: ":wastebasket:",
};

/** Who moved the plan into `state`, from its history, newest first. */
function actorOf(status: MitigationStatus, state: MitigationState): string | undefined {
  return [...status.history].reverse().find((entry) => entry.state === state)?.by;
}

function people(ids: readonly string[]): string {
  return ids.length === 0 ? "nobody yet" : ids.map(userMention).join(", ");
}

/**
 * One mrkdwn line saying where the plan stands, as the card shows it: who approved, whether it was
 * applied, whether the service recovered, who undid it.
 */
export function describeMitigationState(
  status: MitigationStatus,
  approvals: ReadonlyArray<{ by: string }>,
): string {
  const approvers = [...new Set(approvals.map((approval) => approval.by))];
  const approver = actorOf(status, "approved");
  const approvedBy = approvers.length > 0 || approver === undefined ? approvers : [approver];
  const detail = status.detail === undefined ? "" : `: ${escapeMrkdwn(truncate(status.detail, 300))}`;
  const by = (state: MitigationState) => {
    const actor = actorOf(status, state);
    return actor === undefined ? "" : ` by ${userMention(actor)}`;
  };
  const text = ((): string => {
    switch (status.state) {
      case "planned":
        return "Planned (dry run: nothing will be changed)";
      case "refused":
        return `Refused by policy${detail}`;
      case "awaiting-approval": {
        const needed = approvalsNeeded(status.plan);
        return `Awaiting approval: ${approvers.length} of ${needed} (${people(approvers)})`;
      }
      case "approved":
        return `Approved by ${people(approvedBy)}`;
      case "rejected":
        return `Rejected${by("rejected")}${detail}`;
      case "applying":
        return `Applying, approved by ${people(approvedBy)}`;
      case "applied":
        return `Applied, approved by ${people(approvedBy)}; waiting to verify recovery`;
      case "verified":
        return `Verified: the service recovered${detail}`;
      case "not-recovered":
        return `Applied but the service has not recovered${detail}. Undo restores the previous state.`;
      case "undone":
        return `Undone${by("undone")}${detail}`;
      case "failed":
        return `Failed${detail}`;
      case "superseded":
        return "Superseded by a newer plan";
      default: {
        const unknown: never = status.state;
        return String(unknown);
      }
    }
  })();
  return `${EMOJI[status.state]} ${text}`;
}
