import type { MitigationPlan, PlanChange } from "../../domain/mitigation-plan.ts";
import type { Hypothesis } from "../../domain/rca.ts";
import type { MitigationTarget } from "../../domain/root-cause.ts";
import type { ChangeSource } from "../../ports/change-source.ts";
import type { Clock } from "../../ports/clock.ts";
import type { ClusterReader } from "../../ports/cluster-reader.ts";
import type { ClusterWriter } from "../../ports/cluster-writer.ts";
import type { FailoverPort, FailoverSide } from "../../ports/failover.ts";
import type { FeatureFlag, FeatureFlagStore } from "../../ports/feature-flags.ts";
import type { MetricsSource } from "../../ports/metrics-source.ts";
import type { EditFailure, ObjectEdit } from "../kubernetes-edits.ts";
import type { MitigationPolicy } from "../mitigation-policy.ts";
import type { VerifyOutcome, VerifySignal } from "../verify-recovery.ts";

export type CatalogActionName = MitigationPlan["action"];
export type Precondition = MitigationPlan["preconditions"][number];

/** What an action is asked to plan: the RCA's proposal made concrete. */
export interface ActionRequest {
  incidentId: string;
  target: MitigationTarget;
  /** The top hypothesis: its `changeId` and `subject` say what exactly to revert or disable. */
  hypothesis: Hypothesis | null;
  /** Unix seconds: where the investigation looked for changes. */
  window: { start: number; end: number };
  policy: MitigationPolicy;
  now: Date;
}

/** Read-only ports for planning. A null port means that kind of action cannot be planned here. */
export interface PlanPorts {
  cluster: ClusterReader;
  changes: ChangeSource;
  flags: FeatureFlagStore | null;
  failover: FailoverPort | null;
}

/** The ports that change things, held only by the executor. */
export interface ExecutePorts {
  cluster: ClusterReader;
  writer: ClusterWriter | null;
  flags: FeatureFlagStore | null;
  failover: FailoverPort | null;
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
}

/** The exact before- and after-state of a plan, stored with it; undo restores `before`. */
export type ExecutionRecord =
  | { type: "kubernetes"; edits: ObjectEdit[] }
  | { type: "feature-flag"; version: string; before: FeatureFlag; after: FeatureFlag }
  | {
      type: "failover";
      target: MitigationTarget;
      version: string;
      before: FailoverSide;
      after: FailoverSide;
    };

/** A plan as one action drafts it; `record` is null when a precondition is false. */
export interface ActionDraft {
  summary: string;
  preconditions: Precondition[];
  changes: PlanChange[];
  record: ExecutionRecord | null;
}

export type StepFailure = EditFailure | "not-configured";

export type StepOutcome =
  | { ok: true; detail: string; before: unknown; after: unknown }
  | { ok: false; failure: StepFailure; message: string; compensated: boolean };

/**
 * One catalog action. `plan` reads live state, checks the preconditions and records exactly what
 * will change; `apply` and `undo` move between the recorded states, refusing when the objects
 * changed since; `verify` reads the alerting signal. Every step is idempotent: repeating a step
 * that already happened changes nothing.
 */
export interface CatalogAction {
  action: CatalogActionName;
  preconditions(request: ActionRequest, ports: PlanPorts): Promise<Precondition[]>;
  plan(request: ActionRequest, ports: PlanPorts): Promise<ActionDraft>;
  apply(record: ExecutionRecord, ports: ExecutePorts): Promise<StepOutcome>;
  verify(
    signal: VerifySignal | null,
    ports: { metrics: MetricsSource; clock: Clock; sleep: (ms: number) => Promise<void> },
    options: { windowSeconds: number; intervalSeconds: number },
  ): Promise<VerifyOutcome>;
  undo(record: ExecutionRecord, ports: ExecutePorts): Promise<StepOutcome>;
}

export function notConfigured(message: string): StepOutcome {
  return { ok: false, failure: "not-configured", message, compensated: true };
}
