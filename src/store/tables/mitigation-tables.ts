import type { ColumnType, Generated } from "kysely";
import type { MitigationDecision, MitigationPlan, MitigationState } from "../../domain/mitigation-plan.ts";

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
/** jsonb: read back parsed, written as a JSON string. */
type JsonColumn<T> = ColumnType<T, string, string>;
type NullableJson<T> = ColumnType<T | null, string | null, string | null>;

/**
 * One plan per row; the newest row of an incident is its current plan (a new plan supersedes the
 * older ones). `record` is the executor's exact before/after state (null for a refused plan),
 * `signal` what verification reads.
 */
export interface MitigationPlansTable {
  id: string;
  incident_id: string;
  action: string;
  plan: JsonColumn<MitigationPlan>;
  record: NullableJson<unknown>;
  signal: NullableJson<unknown>;
  state: MitigationState;
  detail: string | null;
  decision: NullableJson<MitigationDecision>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export type MitigationStep = "apply" | "verify" | "undo";

/**
 * One row per (plan, step), inserted before the step runs: the primary key is what makes an
 * action run at most once however many workers race; the loser's insert does nothing.
 */
export interface MitigationExecutionsTable {
  plan_id: string;
  step: MitigationStep;
  actor: string;
  started_at: CreatedAt;
  finished_at: Date | null;
  outcome: string | null;
  result: NullableJson<unknown>;
}

/** Every state a plan went through, with who moved it and why. */
export interface MitigationHistoryTable {
  id: Generated<string>;
  plan_id: string;
  incident_id: string;
  state: MitigationState;
  actor: string | null;
  detail: string | null;
  at: CreatedAt;
}

/** Tables added by migration 0004; declared here so that `Database` stays one type. */
export interface MitigationTables {
  mitigation_plans: MitigationPlansTable;
  mitigation_executions: MitigationExecutionsTable;
  mitigation_history: MitigationHistoryTable;
}
