import type { ModelCallUsage, ModelReasoning } from "../../domain/model-reasoning.ts";

/**
 * Where the reasoner accounts for what the model cost: `src/store/record-model-usage.ts` keeps a
 * usage row per incident and model and appends the `model.call` and `model.reasoning` audit events.
 * Neither method receives prompt text. A recorder that fails must not fail the investigation; the
 * reasoner logs and goes on.
 */
export interface ModelUsageRecorder {
  recordCall(incidentId: string, call: ModelCallUsage): Promise<void>;
  recordReasoning(incidentId: string, reasoning: ModelReasoning): Promise<void>;
}
