import type { MitigationDecision, MitigationStatus } from "../domain/mitigation-plan.ts";
import type { Clock } from "../ports/clock.ts";
import { type Logger, silentLogger } from "../telemetry/create-logger.ts";
import type { ApprovalOutcome, UndoOutcome } from "./approval-outcome.ts";
import { type ApproverPolicy, approvalsNeeded, isAllowedApprover, staleReason } from "./approval-rules.ts";
import type { ApprovalStore } from "./approval-store.ts";
import type { ApproverDirectory } from "./approver-directory.ts";

export interface ApprovalServiceDeps {
  store: ApprovalStore;
  policy: ApproverPolicy;
  directory: ApproverDirectory;
  /** The incident's current plan and its state (the mitigation executor's store); null: none proposed. */
  mitigationOf: (incidentId: string) => Promise<MitigationStatus | null>;
  /** Resumes the incident's graph with the decision. Must be idempotent: a crash makes it run again. */
  onDecision: (decision: MitigationDecision) => Promise<void>;
  /** Starts the undo of the applied plan. Must be idempotent, like `onDecision`. */
  onUndo: (incidentId: string, userId: string) => Promise<void>;
  clock: Clock;
  logger?: Logger;
}

export interface Click {
  incidentId: string;
  planId: string;
  userId: string;
}

export interface ApprovalService {
  approve(click: Click): Promise<ApprovalOutcome>;
  reject(click: Click & { reason?: string }): Promise<ApprovalOutcome>;
  requestUndo(click: Click): Promise<UndoOutcome>;
  approvalsOf(planId: string): Promise<Array<{ by: string; at: string }>>;
  /**
   * Delivers decisions and undo requests that were stored but whose delivery never finished (the
   * process died in between, or the graph was unavailable). Only those older than `olderThanMs`,
   * so that a delivery still in progress elsewhere is left alone. Returns how many were delivered.
   */
  redeliverPending(options?: { olderThanMs?: number }): Promise<{ decisions: number; undos: number }>;
}

type Refusal = Extract<ApprovalOutcome, { kind: "already-decided" | "stale" | "not-allowed" }>;
type Admission = { ok: true; current: MitigationStatus } | { ok: false; refused: Refusal };

/** What the plan's transaction decides; delivery starts only once it has committed. */
type Settled =
  | Exclude<ApprovalOutcome, { kind: "decided" }>
  | { kind: "decided"; decision: MitigationDecision };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Approvals, rejections and undo requests on mitigation plans, from Slack or any other front end.
 * Who may click comes from the policy; that a decision happens once comes from the database (a
 * primary key on the plan id), so double clicks, retries and replicas never act twice.
 *
 * Audit: `approval.recorded` (one person's approval counted), `approval.decided` (the decision,
 * approved or not, and by whom), `approval.refused` (who and why), `mitigation.undo-requested`.
 * `mitigation.approved` / `mitigation.rejected` are the executor's, written when the decision is
 * delivered and the plan's state moves, so they are not written twice.
 */
export function createApprovalService(deps: ApprovalServiceDeps): ApprovalService {
  const { store, clock } = deps;
  const logger = deps.logger ?? silentLogger;

  /** The current plan when the click still applies and the user may make it; otherwise the refusal. */
  async function admit(click: Click, intent: "decide" | "undo"): Promise<Admission> {
    const incidentStatus = UUID.test(click.incidentId) ? await store.incidentStatus(click.incidentId) : null;
    if (intent === "decide") {
      const decided = incidentStatus === null ? null : await store.decisionOf(click.planId);
      if (decided !== null) return { ok: false, refused: { kind: "already-decided", decision: decided } };
    }
    const current = incidentStatus === null ? null : await deps.mitigationOf(click.incidentId);
    const stale = staleReason(current, click, incidentStatus, intent);
    if (stale !== null || current === null) {
      await refuse(click, incidentStatus === null ? null : click.incidentId, `stale: ${stale}`);
      return { ok: false, refused: { kind: "stale", reason: stale ?? "no plan" } };
    }
    let allowed: boolean;
    try {
      allowed = await isAllowedApprover(click.userId, deps.policy[current.plan.risk], deps.directory);
    } catch (error) {
      logger.warn("approver lookup failed", { error, userId: click.userId });
      await refuse(click, click.incidentId, "approver groups could not be read");
      return {
        ok: false,
        refused: { kind: "not-allowed", reason: "your approver group could not be checked" },
      };
    }
    if (!allowed) {
      await refuse(click, click.incidentId, `not an approver for ${current.plan.risk}-risk actions`);
      return {
        ok: false,
        refused: {
          kind: "not-allowed",
          reason: `you are not an approver for ${current.plan.risk}-risk actions`,
        },
      };
    }
    return { ok: true, current };
  }

  async function refuse(click: Click, incidentId: string | null, why: string): Promise<void> {
    await store.audit({
      incidentId,
      type: "approval.refused",
      actor: click.userId,
      data: { planId: click.planId, why },
    });
  }

  async function deliver(decision: MitigationDecision): Promise<boolean> {
    try {
      await deps.onDecision(decision);
      await store.markDecisionDelivered(decision.planId);
      return true;
    } catch (error) {
      logger.error("decision stored but not delivered; it will be redelivered", {
        error,
        planId: decision.planId,
      });
      await store.noteDeliveryFailure(decision.planId).catch(() => {});
      return false;
    }
  }

  async function deliverUndo(undo: { incidentId: string; planId: string; userId: string }): Promise<boolean> {
    try {
      await deps.onUndo(undo.incidentId, undo.userId);
      await store.markUndoDelivered(undo.planId);
      return true;
    } catch (error) {
      logger.error("undo stored but not delivered; it will be redelivered", { error, planId: undo.planId });
      return false;
    }
  }

  async function decide(click: Click, approved: boolean, reason?: string): Promise<ApprovalOutcome> {
    const admitted = await admit(click, "decide");
    if (!admitted.ok) return admitted.refused;
    const { plan } = admitted.current;
    const needed = approvalsNeeded(plan);
    const at = clock.now().toISOString();

    const result = await store.withPlan(plan.id, async (tx): Promise<Settled> => {
      const decided = await tx.decisionOf(plan.id);
      if (decided !== null) return { kind: "already-decided", decision: decided };
      const base = { incidentId: click.incidentId, planId: plan.id, at };
      if (!approved) {
        const decision: MitigationDecision = {
          ...base,
          approved: false,
          by: [click.userId],
          ...(reason ? { reason } : {}),
        };
        if (!(await tx.insertDecision(decision))) {
          return { kind: "already-decided", decision: (await tx.decisionOf(plan.id)) ?? decision };
        }
        await tx.audit({
          incidentId: click.incidentId,
          type: "approval.decided",
          actor: click.userId,
          data: { planId: plan.id, approved: false, by: decision.by, reason: reason ?? null },
        });
        return { kind: "decided", decision };
      }
      if (!(await tx.addApproval({ ...click, planId: plan.id, risk: plan.risk }))) {
        return { kind: "duplicate", approvers: await tx.approversOf(plan.id), needed };
      }
      await tx.audit({
        incidentId: click.incidentId,
        type: "approval.recorded",
        actor: click.userId,
        data: { planId: plan.id, risk: plan.risk, needed },
      });
      const approvers = await tx.approversOf(plan.id);
      if (approvers.length < needed) return { kind: "recorded", approvers, needed };
      const decision: MitigationDecision = { ...base, approved: true, by: approvers };
      if (!(await tx.insertDecision(decision))) {
        return { kind: "already-decided", decision: (await tx.decisionOf(plan.id)) ?? decision };
      }
      await tx.audit({
        incidentId: click.incidentId,
        type: "approval.decided",
        actor: click.userId,
        data: { planId: plan.id, approved: true, by: approvers, risk: plan.risk },
      });
      return { kind: "decided", decision };
    });
    // Only the transaction whose insert created the decision gets here with "decided", and only
    // after it committed: the graph is resumed once, and never for a decision that rolled back.
    if (result.kind !== "decided") return result;
    return { kind: "decided", decision: result.decision, delivery: deliver(result.decision) };
  }

  return {
    approve: (click) => decide(click, true),
    reject: (click) => decide(click, false, click.reason),

    async requestUndo(click) {
      const admitted = await admit(click, "undo");
      if (!admitted.ok) {
        return admitted.refused.kind === "already-decided"
          ? { kind: "stale", reason: "the plan was already decided" }
          : admitted.refused;
      }
      if (!(await store.claimUndo({ ...click, planId: admitted.current.plan.id }))) {
        return { kind: "already-requested" };
      }
      await store.audit({
        incidentId: click.incidentId,
        type: "mitigation.undo-requested",
        actor: click.userId,
        data: { planId: click.planId },
      });
      return { kind: "requested", delivery: deliverUndo(click) };
    },

    approvalsOf: (planId) => store.approvalsOf(planId),

    async redeliverPending({ olderThanMs = 60_000 } = {}) {
      const before = new Date(clock.now().getTime() - olderThanMs);
      let decisions = 0;
      for (const decision of await store.undeliveredDecisions(before)) {
        if (await deliver(decision)) decisions++;
      }
      let undos = 0;
      for (const undo of await store.undeliveredUndos(before)) {
        if (await deliverUndo(undo)) undos++;
      }
      return { decisions, undos };
    },
  };
}
