import type { MitigationState, MitigationStatus } from "../../src/domain/mitigation-plan.ts";
import { escapeMrkdwn, oneLine, truncate, userMention } from "./escape-mrkdwn.ts";

/** The thread line for a mitigation's new state: what happened, by whom, and why when known. */
export function stateLine(
  state: MitigationState,
  by: string | undefined,
  status: MitigationStatus | null,
): string {
  const who =
    by === undefined
      ? ""
      : ` by ${by
          .split(",")
          .map((id) => userMention(id.trim()))
          .join(", ")}`;
  const summary = status === null ? "" : `: ${escapeMrkdwn(truncate(oneLine(status.plan.summary), 200))}`;
  const detail =
    status?.detail === undefined ? "" : ` (${escapeMrkdwn(truncate(oneLine(status.detail), 300))})`;
  switch (state) {
    case "planned":
      return `:memo: Mitigation planned${summary}`;
    case "refused":
      return `:no_entry: Mitigation refused by policy${detail}`;
    case "awaiting-approval":
      return `:hourglass_flowing_sand: Waiting for approval${summary}`;
    case "approved":
      return `:white_check_mark: Approved${who}`;
    case "rejected":
      return `:x: Rejected${who}${detail}`;
    case "applying":
      return `:gear: Applying${summary}`;
    case "applied":
      return `:hammer_and_wrench: Applied${summary}`;
    case "verified":
      return `:large_green_circle: Verified: the service recovered${detail}`;
    case "not-recovered":
      return `:red_circle: The service has not recovered${detail}. Undo is on the card.`;
    case "undone":
      return `:leftwards_arrow_with_hook: Undone${who}${detail}`;
    case "failed":
      return `:warning: The mitigation failed${detail}`;
    case "superseded":
      return ":wastebasket: The plan was superseded by a newer one.";
    default: {
      const unknown: never = state;
      return String(unknown);
    }
  }
}
