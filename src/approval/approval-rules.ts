import type { MitigationPlan, MitigationState, MitigationStatus } from "../domain/mitigation-plan.ts";
import type { ApproverDirectory } from "./approver-directory.ts";

export interface ApproverSet {
  users: readonly string[];
  groups: readonly string[];
}

/** `policy.approvers` from vigil.yaml: who may approve an action of each risk level. */
export type ApproverPolicy = Record<MitigationPlan["risk"], ApproverSet>;

export const NO_APPROVERS: ApproverPolicy = {
  low: { users: [], groups: [] },
  medium: { users: [], groups: [] },
  high: { users: [], groups: [] },
};

/**
 * Distinct allowed approvers a plan needs. High risk always needs two people, whatever the plan
 * says, because one compromised or careless account must not be able to run it alone.
 */
export function approvalsNeeded(plan: Pick<MitigationPlan, "risk" | "requiredApprovals">): number {
  return Math.max(plan.requiredApprovals, plan.risk === "high" ? 2 : 1);
}

/** Listed by id, or a member of a listed group. Group lookups happen only when the id is not listed. */
export async function isAllowedApprover(
  userId: string,
  set: ApproverSet,
  directory: ApproverDirectory,
): Promise<boolean> {
  if (set.users.includes(userId)) return true;
  for (const group of set.groups) {
    if ((await directory.membersOf(group)).includes(userId)) return true;
  }
  return false;
}

const UNDOABLE: readonly MitigationState[] = ["applied", "verified", "not-recovered"];

/**
 * Why a click on a card no longer applies, or null when it does. A decision needs the card's plan
 * to be the current one and still waiting; an undo needs it applied. A resolved incident takes no
 * new decisions, but its applied action can still be undone.
 */
export function staleReason(
  current: MitigationStatus | null,
  clicked: { incidentId: string; planId: string },
  incidentStatus: "open" | "resolved" | null,
  intent: "decide" | "undo",
): string | null {
  if (incidentStatus === null) return "the incident no longer exists";
  if (current === null) return "no action is proposed for this incident any more";
  if (current.plan.incidentId !== clicked.incidentId) return "the plan belongs to another incident";
  if (current.plan.id !== clicked.planId) return "a newer plan has superseded this one";
  if (intent === "undo") {
    return UNDOABLE.includes(current.state)
      ? null
      : `the action is ${current.state}, there is nothing to undo`;
  }
  if (incidentStatus === "resolved") return "the incident is resolved";
  if (current.state !== "awaiting-approval") return `the plan is ${current.state}, not awaiting approval`;
  return null;
}
