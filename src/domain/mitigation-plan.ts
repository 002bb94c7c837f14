import type { MitigationAction, MitigationTarget } from "./root-cause.ts";

/**
 * How far Vigil may go on its own: `dry-run` plans only (the default), `approve` applies after an
 * allowed approval, `auto` applies the policy's listed low-risk actions without waiting.
 */
export type MitigationMode = "dry-run" | "approve" | "auto";

/** One field the action changes, as the approver sees it. `path` is a JSON path in the object. */
export interface PlanChange {
  path: string;
  before: unknown;
  after: unknown;
}

/**
 * A proposed action made concrete against live state: exactly what will change. The plan is what
 * gets approved; a new plan for the same incident supersedes the old one and its approvals.
 */
export interface MitigationPlan {
  /** Stable for the same incident, action, target and observed state. */
  id: string;
  incidentId: string;
  action: Exclude<MitigationAction, "none">;
  target: MitigationTarget;
  risk: "low" | "medium" | "high";
  mode: MitigationMode;
  /** One line, e.g. "Roll back Deployment shop/checkout from revision 7 to revision 6". */
  summary: string;
  /** The before/after diff as text, ready to show in a code block. */
  diff: string;
  changes: PlanChange[];
  preconditions: Array<{ description: string; ok: boolean; detail?: string }>;
  /** Distinct allowed approvers needed: 0 in dry-run and auto, 2 for high risk, else 1. */
  requiredApprovals: number;
  createdAt: string;
}

export const MITIGATION_STATES = [
  "planned",
  "refused",
  "awaiting-approval",
  "approved",
  "rejected",
  "applying",
  "applied",
  "verified",
  "not-recovered",
  "undone",
  "failed",
  "superseded",
] as const;
export type MitigationState = (typeof MITIGATION_STATES)[number];

/** A human decision on one plan, made once (a unique key in the database enforces it). */
export interface MitigationDecision {
  incidentId: string;
  planId: string;
  approved: boolean;
  /** Slack user ids (or API callers) whose approvals or rejection made the decision. */
  by: string[];
  at: string;
  reason?: string;
}

/** Where one incident's mitigation stands, for cards, notes and the API. */
export interface MitigationStatus {
  plan: MitigationPlan;
  state: MitigationState;
  approvals: Array<{ by: string; at: string }>;
  history: Array<{ state: MitigationState; at: string; by?: string; detail?: string }>;
  /** Why the last step did what it did, e.g. "error ratio 0.4 % < 1 % after 120 s". */
  detail?: string;
}
