import type {
  MitigationDecision,
  MitigationMode,
  MitigationPlan,
  MitigationState,
} from "../domain/mitigation-plan.ts";
import type { RcaDocument } from "../domain/rca.ts";
import type { Clock } from "../ports/clock.ts";
import type { DataSources } from "../ports/data-sources.ts";
import type { FailoverPort } from "../ports/failover.ts";
import type { FeatureFlagStore } from "../ports/feature-flags.ts";
import type { IncidentNotifier } from "../ports/incident-notifier.ts";
import type { MitigationExecutor, StepResult } from "./create-mitigation-executor.ts";
import type { MitigationPolicy } from "./mitigation-policy.ts";
import type { MitigationStore } from "./mitigation-store.ts";
import { planMitigation } from "./plan-mitigation.ts";
import { verifySignalOf } from "./verify-signal-of.ts";

/** Where an incident's mitigation stands, as the graph keeps it in its checkpointed state. */
export interface MitigationProgress {
  /** null: the RCA proposes no action. */
  planId: string | null;
  state: MitigationState | null;
  mode: MitigationMode | null;
  detail?: string;
  /** The plan itself, kept in the state only when no store holds it (the eval harness). */
  plan?: MitigationPlan;
}

export interface MitigationStepsDeps {
  /** null: plans live only in the graph state (the eval harness has no mitigation store). */
  store: MitigationStore | null;
  /** null: nothing can be executed; every plan is a dry run. */
  executor: MitigationExecutor | null;
  policy: MitigationPolicy;
  flags?: FeatureFlagStore | null;
  failover?: FailoverPort | null;
  notifier: IncidentNotifier;
  clock: Clock;
}

export const NO_MITIGATION: MitigationProgress = { planId: null, state: null, mode: null };

/** The mitigation part of the investigation graph: plan, decide, apply, verify. */
export function createMitigationSteps(deps: MitigationStepsDeps) {
  const progressOf = (result: StepResult, mode: MitigationMode | null): MitigationProgress => ({
    planId: result.planId,
    state: result.state,
    mode,
    detail: result.detail,
  });

  return {
    /**
     * Makes the RCA's proposal concrete against live state and stores it (refused, with its reason,
     * when it cannot go ahead), then tells the notifier the RCA is ready, once both are stored.
     */
    async plan(rca: RcaDocument, sources: DataSources): Promise<MitigationProgress> {
      const generatorUrl = deps.store ? await deps.store.generatorUrlOf(rca.incidentId) : null;
      const outcome = await planMitigation(
        {
          rca,
          policy: deps.policy,
          canExecute: (action) => deps.executor?.canExecute(action) ?? false,
          signal: verifySignalOf(generatorUrl, rca),
          now: deps.clock.now(),
        },
        {
          cluster: sources.cluster,
          changes: sources.changes,
          flags: deps.flags ?? null,
          failover: deps.failover ?? null,
        },
      );
      let progress = NO_MITIGATION;
      if (outcome.kind !== "none") {
        const { plan } = outcome;
        const state =
          outcome.kind === "refused" ? "refused" : plan.mode === "approve" ? "awaiting-approval" : "planned";
        progress = {
          planId: plan.id,
          state,
          mode: plan.mode,
          ...(outcome.kind === "refused" ? { detail: outcome.reason } : {}),
        };
        if (deps.store) {
          await deps.store.savePlan({
            plan,
            record: outcome.kind === "planned" ? outcome.record : null,
            signal: outcome.kind === "planned" ? outcome.signal : null,
            state,
            ...(outcome.kind === "refused" ? { detail: outcome.reason } : {}),
          });
          // A resumed run re-plans the same id; the stored plan (and its state) is the one that counts.
          const stored = await deps.store.plan(plan.id);
          if (stored) progress = { ...progress, state: stored.state, mode: stored.plan.mode };
        } else {
          progress = { ...progress, plan };
        }
      }
      await deps.notifier.rcaReady(rca.incidentId).catch(() => undefined);
      return progress;
    },

    async decide(decision: MitigationDecision): Promise<MitigationProgress> {
      if (!deps.executor) return { planId: decision.planId, state: null, mode: null, detail: "no executor" };
      return progressOf(await deps.executor.decide(decision), "approve");
    },

    /** Applies an approved plan; an `auto` plan is approved by the policy first. */
    async apply(progress: MitigationProgress): Promise<MitigationProgress> {
      if (!deps.executor || !progress.planId) return progress;
      if (progress.state === "planned" && progress.mode === "auto") {
        const approved = await deps.executor.approveAutomatically(progress.planId);
        if (approved.state !== "approved") return progressOf(approved, progress.mode);
      }
      return progressOf(await deps.executor.apply(progress.planId), progress.mode);
    },

    async verify(progress: MitigationProgress, sources: DataSources): Promise<MitigationProgress> {
      if (!deps.executor || !progress.planId) return progress;
      return progressOf(await deps.executor.verify(progress.planId, sources.metrics), progress.mode);
    },
  };
}

export type MitigationSteps = ReturnType<typeof createMitigationSteps>;
