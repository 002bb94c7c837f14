import { type Kysely, sql } from "kysely";
import type { ModelUsageRecorder } from "../agent/reasoning/model-usage-recorder.ts";
import { appendAuditEvent } from "./append-audit-event.ts";
import type { Database } from "./database.ts";

export interface IncidentModelUsage {
  provider: string;
  model: string;
  calls: number;
  failedCalls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  costKnown: boolean;
}

/**
 * Accounts model calls on the incident: each call adds to the incident's `model_usage` row and
 * appends a `model.call` audit event in the same transaction; the end of the reasoning appends a
 * `model.reasoning` summary. Only counts, ids and outcomes are stored, never prompt text.
 */
export function createModelUsageRecorder(db: Kysely<Database>): ModelUsageRecorder {
  return {
    async recordCall(incidentId, call) {
      await db.transaction().execute(async (trx) => {
        const failed = call.outcome === "error" ? 1 : 0;
        await trx
          .insertInto("model_usage")
          .values({
            incident_id: incidentId,
            provider: call.provider,
            model: call.model,
            calls: 1,
            failed_calls: failed,
            input_tokens: call.inputTokens,
            output_tokens: call.outputTokens,
            cost_usd: call.costUsd,
            cost_known: call.costKnown,
          })
          .onConflict((conflict) =>
            conflict.columns(["incident_id", "provider", "model"]).doUpdateSet({
              calls: sql`model_usage.calls + 1`,
              failed_calls: sql`model_usage.failed_calls + ${failed}`,
              input_tokens: sql`model_usage.input_tokens + ${call.inputTokens}`,
              output_tokens: sql`model_usage.output_tokens + ${call.outputTokens}`,
              cost_usd: sql`model_usage.cost_usd + ${call.costUsd}`,
              cost_known: sql`model_usage.cost_known and ${call.costKnown}`,
              updated_at: sql`now()`,
            }),
          )
          .execute();
        await appendAuditEvent(trx, {
          incidentId,
          type: "model.call",
          actor: "vigil",
          data: { ...call },
        });
      });
    },

    async recordReasoning(incidentId, reasoning) {
      await appendAuditEvent(db, {
        incidentId,
        type: "model.reasoning",
        actor: "vigil",
        data: {
          provider: reasoning.provider,
          model: reasoning.model,
          used: reasoning.fellBack === undefined,
          fellBack: reasoning.fellBack ?? null,
          fellBackDetail: reasoning.fellBackDetail ?? null,
          claims: reasoning.claims.length,
          droppedClaims: reasoning.droppedClaims,
          followUps: reasoning.followUps?.length ?? 0,
          reranked: reasoning.reranked ?? false,
          usage: reasoning.usage,
        },
      });
    },
  };
}

/** The model usage recorded on one incident, one entry per provider and model. */
export async function modelUsageOf(db: Kysely<Database>, incidentId: string): Promise<IncidentModelUsage[]> {
  const rows = await db
    .selectFrom("model_usage")
    .selectAll()
    .where("incident_id", "=", incidentId)
    .orderBy(["provider", "model"])
    .execute();
  return rows.map((row) => ({
    provider: row.provider,
    model: row.model,
    calls: row.calls,
    failedCalls: row.failed_calls,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    costUsd: row.cost_usd,
    costKnown: row.cost_known,
  }));
}
