import type {
  MitigationDecision,
  MitigationPlan,
  MitigationState,
  MitigationStatus,
} from "../domain/mitigation-plan.ts";
import type { ExecutionRecord } from "./actions/catalog-action.ts";
import type { VerifySignal } from "./verify-recovery.ts";

export type MitigationStep = "apply" | "verify" | "undo";

/** A plan as stored, with what the executor needs to run and undo it. */
export interface StoredPlan {
  plan: MitigationPlan;
  /** The exact before/after state; null for a refused plan. */
  record: ExecutionRecord | null;
  signal: VerifySignal | null;
  state: MitigationState;
  detail: string | null;
  decision: MitigationDecision | null;
}

export interface PlanTransition {
  planId: string;
  /** The move happens only from one of these states; false otherwise (someone else moved it). */
  from: MitigationState[];
  to: MitigationState;
  /** Who: a person's id, `api:<name>`, `policy:auto` or `vigil`. */
  actor: string;
  detail?: string;
  decision?: MitigationDecision;
  /** The audit event written in the same transaction, e.g. `mitigation.applied` with before/after. */
  audit: { type: string; data: Record<string, unknown> };
}

/** Where plans, their state and their executions live; `src/store` implements it over Postgres. */
export interface MitigationStore {
  /**
   * Stores a new plan once: the same id again changes nothing and returns false. Older open plans
   * of the incident become `superseded`. The `mitigation.planned` (or `.refused`) audit event is
   * written in the same transaction.
   */
  savePlan(input: {
    plan: MitigationPlan;
    record: ExecutionRecord | null;
    signal: VerifySignal | null;
    state: "planned" | "awaiting-approval" | "refused";
    detail?: string;
  }): Promise<boolean>;
  plan(planId: string): Promise<StoredPlan | null>;
  /** The incident's newest plan, or null when none was ever made. */
  currentPlan(incidentId: string): Promise<StoredPlan | null>;
  /** Moves a plan's state if it is in one of `from`; writes history and audit with it. */
  transition(move: PlanTransition): Promise<boolean>;
  /** Claims a step before it runs; false when it was claimed before (the step must not run). */
  claimStep(planId: string, step: MitigationStep, actor: string): Promise<boolean>;
  finishStep(planId: string, step: MitigationStep, outcome: string, result: unknown): Promise<void>;
  /**
   * Takes over a step whose worker stopped in the middle (claimed more than `staleAfterSeconds` ago
   * and never finished): true for exactly one caller, who must then run it (every step is
   * idempotent). False when the step finished, or its claim is still fresh.
   */
  reclaimStaleStep(
    planId: string,
    step: MitigationStep,
    actor: string,
    staleAfterSeconds: number,
  ): Promise<boolean>;
  /** Plans in `state` whose `step` was claimed more than `staleAfterSeconds` ago and never finished. */
  interruptedSteps(
    state: MitigationState,
    step: MitigationStep,
    staleAfterSeconds: number,
  ): Promise<Array<{ planId: string; incidentId: string }>>;
  /** Gives a claim back after a step that changed nothing, so it may be tried again. */
  releaseStep(planId: string, step: MitigationStep): Promise<void>;
  audit(incidentId: string, type: string, actor: string, data: Record<string, unknown>): Promise<void>;
  /** Where the incident's mitigation stands (cards, notes, API); null when no plan was made. */
  mitigationOf(incidentId: string): Promise<MitigationStatus | null>;
  /** The first alert's Alertmanager generatorURL (it holds the rule's expression), when it has one. */
  generatorUrlOf(incidentId: string): Promise<string | null>;
  incidentExists(incidentId: string): Promise<boolean>;
}
