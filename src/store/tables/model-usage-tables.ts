import type { ColumnType } from "kysely";

type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;

/**
 * What models cost per incident: one row per incident, provider and model, added to on every call
 * (a resumed investigation that calls again costs again). The calls themselves are `model.call`
 * audit events.
 */
export interface ModelUsageTable {
  incident_id: string;
  provider: string;
  model: string;
  calls: number;
  /** Calls that failed (provider error, timeout); counted in `calls` too. */
  failed_calls: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  /** False once any call was priced as unknown (counted as 0). */
  cost_known: boolean;
  updated_at: UpdatedAt;
}

/** Tables added by migration; declared here so that `Database` stays one type. */
export type ModelUsageTables = {
  model_usage: ModelUsageTable;
};
