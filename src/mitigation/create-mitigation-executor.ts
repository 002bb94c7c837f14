import type { MitigationDecision, MitigationState } from "../domain/mitigation-plan.ts";
import type { Clock } from "../ports/clock.ts";
import type { ClusterReader } from "../ports/cluster-reader.ts";
import type { ClusterWriter } from "../ports/cluster-writer.ts";
import type { FailoverPort } from "../ports/failover.ts";
import type { FeatureFlagStore } from "../ports/feature-flags.ts";
import type { IncidentNotifier } from "../ports/incident-notifier.ts";
import type { MetricsSource } from "../ports/metrics-source.ts";
import type { CatalogActionName, ExecutePorts, StepOutcome } from "./actions/catalog-action.ts";
import { CATALOG_ACTIONS } from "./actions/catalog-actions.ts";
import { DEFAULT_VERIFY } from "./mitigation-policy.ts";
import type { MitigationStep, MitigationStore, PlanTransition, StoredPlan } from "./mitigation-store.ts";

export interface MitigationExecutorDeps {
  store: MitigationStore;
  /** Live reads for apply and undo; null with `writer`: Kubernetes actions can only be planned. */
  cluster: ClusterReader | null;
  writer: ClusterWriter | null;
  flags?: FeatureFlagStore | null;
  failover?: FailoverPort | null;
  notifier: IncidentNotifier;
  clock: Clock;
  sleep?: (ms: number) => Promise<void>;
  verify?: { windowSeconds: number; intervalSeconds: number };
  /**
   * How long a claimed step may run before another worker may take it over (its worker is then
   * presumed dead). Apply and undo are a few API calls; default 300 s.
   */
  staleStepSeconds?: number;
}

/** Where a step left the plan. `ran` is false when the step did nothing (not its turn, or done). */
export interface StepResult {
  planId: string;
  state: MitigationState;
  ran: boolean;
  detail: string;
}

export type UndoResult =
  | { ok: true; planId: string; state: "undone"; detail: string }
  | {
      ok: false;
      reason: "no-incident" | "nothing-to-undo" | "already-undone" | "refused";
      message: string;
      planId?: string;
    };

const UNDOABLE: MitigationState[] = ["applied", "verified", "not-recovered"];
const KUBERNETES_ACTIONS: CatalogActionName[] = [
  "rollback",
  "revert-config",
  "scale-out",
  "restart",
  "cordon-node",
];

/**
 * Runs approved plans: apply, verify, undo. Each step is claimed in the database before it runs,
 * so however many workers race, an action applies once and is undone once; each state change is
 * stored with its history and audit event, then told to the notifier.
 */
export function createMitigationExecutor(deps: MitigationExecutorDeps) {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const verifyOptions = deps.verify ?? DEFAULT_VERIFY;
  const staleStepSeconds = deps.staleStepSeconds ?? 300;
  const ports: ExecutePorts = {
    cluster: deps.cluster ?? unreadableCluster,
    writer: deps.writer,
    flags: deps.flags ?? null,
    failover: deps.failover ?? null,
    clock: deps.clock,
    sleep,
  };

  const move = async (stored: StoredPlan, transition: Omit<PlanTransition, "planId">) => {
    const moved = await deps.store.transition({ planId: stored.plan.id, ...transition });
    if (moved) {
      await deps.notifier
        .mitigationChanged(stored.plan.incidentId, transition.to, transition.actor)
        .catch(() => undefined);
    }
    return moved;
  };
  const stateOf = async (planId: string) => (await deps.store.plan(planId))?.state ?? "failed";
  const skipped = async (planId: string, detail: string): Promise<StepResult> => ({
    planId,
    state: await stateOf(planId),
    ran: false,
    detail,
  });

  /** Runs a claimed apply and moves the plan from `applying` to `applied` or `failed`. */
  const runApply = async (stored: StoredPlan, actor: string): Promise<StepResult> => {
    const planId = stored.plan.id;
    const outcome = await runStep(() => CATALOG_ACTIONS[stored.plan.action].apply(stored.record!, ports));
    await deps.store.finishStep(planId, "apply", outcome.ok ? "applied" : "failed", outcome);
    if (outcome.ok) {
      await move(stored, {
        from: ["applying"],
        to: "applied",
        actor,
        detail: outcome.detail,
        audit: { type: "mitigation.applied", data: { before: outcome.before, after: outcome.after } },
      });
      return { planId, state: "applied", ran: true, detail: outcome.detail };
    }
    const why = failureText(outcome, "planned", "nothing applied");
    await move(stored, {
      from: ["applying"],
      to: "failed",
      actor,
      detail: why,
      audit: { type: "mitigation.failed", data: { step: "apply", failure: outcome.failure, why } },
    });
    return { planId, state: "failed", ran: true, detail: why };
  };

  /** Takes over a step whose worker stopped before finishing it (its claim older than the lease). */
  const takeOver = async (stored: StoredPlan, step: MitigationStep, actor: string) => {
    if (!(await deps.store.reclaimStaleStep(stored.plan.id, step, actor, staleStepSeconds))) return false;
    await deps.store.audit(stored.plan.incidentId, "mitigation.resumed", actor, {
      planId: stored.plan.id,
      step,
    });
    return true;
  };

  /** Claims a step, or takes over one whose worker stopped before finishing it. */
  const claimOrTakeOver = async (stored: StoredPlan, step: MitigationStep, actor: string) =>
    (await deps.store.claimStep(stored.plan.id, step, actor)) || (await takeOver(stored, step, actor));

  return {
    /** Whether this process holds what `action` needs to change things (else it is dry-run). */
    canExecute(action: CatalogActionName): boolean {
      if (KUBERNETES_ACTIONS.includes(action)) return deps.cluster !== null && deps.writer !== null;
      if (action === "disable-flag") return ports.flags !== null;
      return ports.failover !== null;
    },

    /** Records a person's decision on a plan that awaits one; false when it no longer does. */
    async decide(decision: MitigationDecision): Promise<StepResult> {
      const stored = await deps.store.plan(decision.planId);
      if (!stored || stored.plan.incidentId !== decision.incidentId) {
        return { planId: decision.planId, state: "failed", ran: false, detail: "unknown plan" };
      }
      const to = decision.approved ? "approved" : "rejected";
      const moved = await move(stored, {
        from: ["awaiting-approval"],
        to,
        actor: decision.by.join(", "),
        decision,
        ...(decision.reason ? { detail: decision.reason } : {}),
        audit: {
          type: `mitigation.${to}`,
          data: { by: decision.by, at: decision.at, reason: decision.reason ?? null },
        },
      });
      return moved
        ? { planId: decision.planId, state: to, ran: true, detail: `${to} by ${decision.by.join(", ")}` }
        : await skipped(decision.planId, "the plan no longer awaits a decision");
    },

    /** `auto` mode: the policy approves its listed low-risk actions itself. */
    async approveAutomatically(planId: string): Promise<StepResult> {
      const stored = await deps.store.plan(planId);
      if (stored?.plan.mode !== "auto") return await skipped(planId, "not an auto plan");
      const moved = await move(stored, {
        from: ["planned"],
        to: "approved",
        actor: "policy:auto",
        audit: { type: "mitigation.approved", data: { by: ["policy:auto"], auto: true } },
      });
      return moved
        ? { planId, state: "approved", ran: true, detail: "approved by policy (auto)" }
        : await skipped(planId, "the plan is no longer planned");
    },

    async apply(planId: string, actor = "vigil"): Promise<StepResult> {
      const stored = await deps.store.plan(planId);
      if (!stored?.record || stored.state !== "approved") {
        return await skipped(planId, `not approved (${stored?.state ?? "no such plan"})`);
      }
      if (!(await deps.store.claimStep(planId, "apply", actor))) {
        return await skipped(planId, "already applied or being applied by another worker");
      }
      await move(stored, {
        from: ["approved"],
        to: "applying",
        actor,
        audit: { type: "mitigation.applying", data: {} },
      });
      return await runApply(stored, actor);
    },

    /** Plans left `applying` by a worker that stopped mid-apply (their claim older than the lease). */
    async interruptedApplies(): Promise<Array<{ planId: string; incidentId: string }>> {
      return await deps.store.interruptedSteps("applying", "apply", staleStepSeconds);
    },

    /**
     * Finishes an apply whose worker stopped in the middle: takes its stale claim over and runs the
     * action's apply again. Apply is idempotent, so a change that had landed is found in place and
     * not made twice, and one that had not is made now, as approved. Only one caller takes a claim
     * over; a claim younger than the lease (a worker still at it) is left alone.
     */
    async resumeApply(planId: string, actor = "vigil"): Promise<StepResult> {
      const stored = await deps.store.plan(planId);
      if (!stored?.record || stored.state !== "applying") {
        return await skipped(planId, `not being applied (${stored?.state ?? "no such plan"})`);
      }
      if (!(await takeOver(stored, "apply", actor))) {
        return await skipped(planId, "the apply finished or is still in progress");
      }
      return await runApply(stored, actor);
    },

    /** Reads the alerting signal until it recovers or the window ends; not recovered offers the undo. */
    async verify(planId: string, metrics: MetricsSource): Promise<StepResult> {
      const stored = await deps.store.plan(planId);
      if (stored?.state !== "applied") return await skipped(planId, `not applied (${stored?.state})`);
      if (!(await deps.store.claimStep(planId, "verify", "vigil"))) {
        return await skipped(planId, "already verified or being verified by another worker");
      }
      const outcome = await CATALOG_ACTIONS[stored.plan.action].verify(
        stored.signal,
        { metrics, clock: deps.clock, sleep },
        verifyOptions,
      );
      await deps.store.finishStep(
        planId,
        "verify",
        outcome.recovered ? "verified" : "not-recovered",
        outcome,
      );
      const to = outcome.recovered ? "verified" : "not-recovered";
      const detail = outcome.recovered ? outcome.detail : `${outcome.detail}; undo is offered`;
      await move(stored, {
        from: ["applied"],
        to,
        actor: "vigil",
        detail,
        audit: {
          type: `mitigation.${to}`,
          data: { readings: outcome.readings, undoOffered: !outcome.recovered },
        },
      });
      return { planId, state: await stateOf(planId), ran: true, detail };
    },

    /** Restores the recorded before-state of the incident's applied plan, once. */
    async undo(incidentId: string, actor: string): Promise<UndoResult> {
      if (!(await deps.store.incidentExists(incidentId))) {
        return { ok: false, reason: "no-incident", message: `no incident ${incidentId}` };
      }
      const stored = await deps.store.currentPlan(incidentId);
      if (!stored) return { ok: false, reason: "nothing-to-undo", message: "no mitigation was planned" };
      const planId = stored.plan.id;
      if (stored.state === "undone") {
        return { ok: false, reason: "already-undone", message: "the mitigation was already undone", planId };
      }
      if (!UNDOABLE.includes(stored.state) || !stored.record) {
        return {
          ok: false,
          reason: "nothing-to-undo",
          message: `the mitigation is ${stored.state}; only an applied one can be undone`,
          planId,
        };
      }
      // An undo whose worker stopped halfway is taken over once its claim is stale (undo is idempotent).
      if (!(await claimOrTakeOver(stored, "undo", actor))) {
        return { ok: false, reason: "already-undone", message: "the undo already ran or is running", planId };
      }
      const outcome = await runStep(() => CATALOG_ACTIONS[stored.plan.action].undo(stored.record!, ports));
      await deps.store.finishStep(planId, "undo", outcome.ok ? "undone" : "refused", outcome);
      if (outcome.ok) {
        await move(stored, {
          from: UNDOABLE,
          to: "undone",
          actor,
          detail: outcome.detail,
          audit: { type: "mitigation.undone", data: { before: outcome.before, after: outcome.after } },
        });
        return { ok: true, planId, state: "undone", detail: outcome.detail };
      }
      const why = failureText(outcome, "applied", "nothing undone");
      if (outcome.compensated) {
        // Nothing changed, so another attempt (after a person looked) is safe.
        await deps.store.releaseStep(planId, "undo");
        await deps.store.audit(incidentId, "mitigation.undo-refused", actor, { planId, why });
      } else {
        await move(stored, {
          from: UNDOABLE,
          to: "failed",
          actor,
          detail: why,
          audit: { type: "mitigation.failed", data: { step: "undo", failure: outcome.failure, why } },
        });
      }
      return { ok: false, reason: "refused", message: why, planId };
    },
  };
}

export type MitigationExecutor = ReturnType<typeof createMitigationExecutor>;

async function runStep(step: () => Promise<StepOutcome>): Promise<StepOutcome> {
  try {
    return await step();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, failure: "rejected", message, compensated: false };
  }
}

function failureText(outcome: Extract<StepOutcome, { ok: false }>, since: string, nothing: string): string {
  const reason =
    outcome.failure === "changed" || outcome.failure === "conflict"
      ? `changed since ${since}`
      : outcome.failure === "missing"
        ? `gone since ${since}`
        : "could not run";
  const tail = outcome.compensated ? nothing : "it may be partly done, check the objects by hand";
  return `${reason} — ${tail}: ${outcome.message}`;
}

const unreadableCluster: ClusterReader = {
  list: async () => {
    throw new Error("no cluster reader is configured");
  },
  get: async () => {
    throw new Error("no cluster reader is configured");
  },
};
