import { createHash } from "node:crypto";
import type { MitigationMode, MitigationPlan, PlanChange } from "../domain/mitigation-plan.ts";
import type { RcaDocument } from "../domain/rca.ts";
import type { MitigationTarget } from "../domain/root-cause.ts";
import type {
  ActionDraft,
  CatalogActionName,
  ExecutionRecord,
  PlanPorts,
  Precondition,
} from "./actions/catalog-action.ts";
import { CATALOG_ACTIONS } from "./actions/catalog-actions.ts";
import { MITIGATION_CATALOG } from "./catalog.ts";
import { describeObject } from "./kubernetes-edits.ts";
import { type MitigationPolicy, policyRefusal } from "./mitigation-policy.ts";
import type { VerifySignal } from "./verify-recovery.ts";

export type PlanOutcome =
  /** The RCA proposes no action: nothing to plan. */
  | { kind: "none" }
  /** A plan that cannot go ahead: the policy or a precondition refused it; `reason` says which. */
  | { kind: "refused"; plan: MitigationPlan; reason: string }
  | { kind: "planned"; plan: MitigationPlan; record: ExecutionRecord; signal: VerifySignal | null };

export interface PlanMitigationInput {
  rca: RcaDocument;
  policy: MitigationPolicy;
  /** Which actions this process can execute (it holds a writer for them); the rest are dry-run. */
  canExecute: (action: CatalogActionName) => boolean;
  signal: VerifySignal | null;
  now: Date;
}

/**
 * Makes the RCA's proposal concrete against live state: the action reads the objects it would
 * change, checks its preconditions and records the exact before/after. Never throws for an
 * expected failure: a missing object, a false precondition or an unreadable cluster is a refused
 * plan with its reason.
 */
export async function planMitigation(input: PlanMitigationInput, ports: PlanPorts): Promise<PlanOutcome> {
  const { rca, policy } = input;
  const proposal = rca.mitigation;
  if (proposal.action === "none") {
    const refused = proposal.refused;
    if (!refused || refused.action === "none" || !refused.target) return { kind: "none" };
    const reason = refused.reason;
    return { kind: "refused", reason, plan: refusedPlan(input, refused.action, refused.target, reason, []) };
  }
  const action = proposal.action;
  const target = proposal.target;
  if (!target) return { kind: "none" };
  const byPolicy = policyRefusal(action, target, policy);
  if (byPolicy)
    return { kind: "refused", reason: byPolicy, plan: refusedPlan(input, action, target, byPolicy, []) };

  let draft: ActionDraft;
  try {
    draft = await CATALOG_ACTIONS[action].plan(
      {
        incidentId: rca.incidentId,
        target,
        hypothesis: rca.top,
        window: { start: seconds(rca.window.start), end: seconds(rca.window.end) },
        policy,
        now: input.now,
      },
      ports,
    );
  } catch (error) {
    const reason = `live state could not be read: ${error instanceof Error ? error.message : String(error)}`;
    return { kind: "refused", reason, plan: refusedPlan(input, action, target, reason, []) };
  }
  const failing = draft.preconditions.filter((check) => !check.ok);
  if (!draft.record || failing.length > 0) {
    const reason = failing
      .map((check) => `${check.description}: no${check.detail ? ` (${check.detail})` : ""}`)
      .join("; ");
    return {
      kind: "refused",
      reason: reason || "the action could not be planned",
      plan: refusedPlan(input, action, target, reason, draft.preconditions, draft.summary),
    };
  }
  const risk = MITIGATION_CATALOG[action].risk;
  const mode = effectiveMode(action, risk, policy, input.canExecute(action));
  const plan: MitigationPlan = {
    id: planId(rca.incidentId, action, target, draft.record),
    incidentId: rca.incidentId,
    action,
    target,
    risk,
    mode,
    summary: draft.summary,
    diff: renderDiff(draft.changes),
    changes: draft.changes,
    preconditions: draft.preconditions,
    requiredApprovals: mode === "approve" ? (risk === "high" ? 2 : 1) : 0,
    createdAt: input.now.toISOString(),
  };
  return { kind: "planned", plan, record: draft.record, signal: input.signal };
}

/** auto only for the policy's listed low-risk actions; anything Vigil cannot execute is dry-run. */
function effectiveMode(
  action: CatalogActionName,
  risk: MitigationPlan["risk"],
  policy: MitigationPolicy,
  canExecute: boolean,
): MitigationMode {
  const mode = policy.mode ?? "dry-run";
  if (!canExecute || mode === "dry-run") return "dry-run";
  if (mode === "auto" && !(risk === "low" && (policy.autoActions ?? []).includes(action))) return "approve";
  return mode;
}

function refusedPlan(
  input: PlanMitigationInput,
  action: CatalogActionName,
  target: MitigationTarget,
  reason: string,
  preconditions: Precondition[],
  summary?: string,
): MitigationPlan {
  const incidentId = input.rca.incidentId;
  return {
    id: planId(incidentId, action, target, { refused: reason }),
    incidentId,
    action,
    target,
    risk: MITIGATION_CATALOG[action].risk,
    mode: "dry-run",
    summary: `${summary ?? `${action} ${describeObject(target)}`} — refused: ${reason}`,
    diff: "",
    changes: [],
    preconditions,
    requiredApprovals: 0,
    createdAt: input.now.toISOString(),
  };
}

/** The same incident, action, target and observed state give the same id (a resumed run re-plans the same). */
function planId(incidentId: string, action: string, target: MitigationTarget, state: unknown): string {
  const digest = createHash("sha256")
    .update(JSON.stringify([incidentId, action, target, stripVolatile(state)]))
    .digest("hex");
  return `plan-${digest.slice(0, 20)}`;
}

/** Timestamps the plan writes (restartedAt) are not observed state; they must not change the id. */
function stripVolatile(state: unknown): unknown {
  return JSON.parse(
    JSON.stringify(state, (key, value) =>
      key === "after" && typeof value === "string" && /^\d{4}-\d\d-\d\dT/.test(value) ? "(now)" : value,
    ),
  );
}

/** The diff as the approver reads it, one `-`/`+` pair per changed field. */
export function renderDiff(changes: PlanChange[]): string {
  return changes
    .map((change) => `- ${change.path}: ${show(change.before)}\n+ ${change.path}: ${show(change.after)}`)
    .join("\n");
}

function show(value: unknown): string {
  return value === undefined || value === null ? "(absent)" : JSON.stringify(value);
}

function seconds(iso: string): number {
  return Math.floor(new Date(iso).getTime() / 1000);
}
