import type { MitigationDecision } from "../domain/mitigation-plan.ts";

/** What one Approve or Reject click did. Refusals are values: the caller tells the person why. */
export type ApprovalOutcome =
  /** Counted; the plan still needs more distinct approvers. */
  | { kind: "recorded"; approvers: string[]; needed: number }
  /**
   * This click made the decision, which is stored. `delivery` settles when the graph has been
   * resumed with it (true) or could not be (false: redelivery will). It can take as long as the
   * action and its verification, so a front end answers the person first.
   */
  | { kind: "decided"; decision: MitigationDecision; delivery: Promise<boolean> }
  /** This person's approval was already counted; nothing changed. */
  | { kind: "duplicate"; approvers: string[]; needed: number }
  /** The plan was decided before this click; nothing changed. */
  | { kind: "already-decided"; decision: MitigationDecision }
  /** The card no longer applies (plan superseded, not waiting, incident resolved). */
  | { kind: "stale"; reason: string }
  /** The person may not approve this plan's risk level. */
  | { kind: "not-allowed"; reason: string };

export type UndoOutcome =
  | { kind: "requested"; delivery: Promise<boolean> }
  | { kind: "already-requested" }
  | { kind: "stale"; reason: string }
  | { kind: "not-allowed"; reason: string };
