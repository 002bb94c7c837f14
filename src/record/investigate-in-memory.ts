import { randomUUID } from "node:crypto";
import { MemorySaver } from "@langchain/langgraph";
import { type CreateInvestigationDeps, createInvestigation } from "../agent/create-investigation.ts";
import type { AlertContext } from "../agent/investigation-scope.ts";
import { assertRcaGrounded } from "../domain/check-rca-grounding.ts";
import type { RcaDocument } from "../domain/rca.ts";
import type { Clock } from "../ports/clock.ts";
import type { DataSources } from "../ports/data-sources.ts";

export interface InvestigateInMemoryInput
  extends Pick<CreateInvestigationDeps, "runbooks" | "policy" | "deadlineMs" | "investigators" | "reason"> {
  alerts: AlertContext[];
  sources: DataSources;
  /** The investigation's clock: what it takes as now. */
  clock: Clock;
  /** The time the RCA is stamped with; the investigation clock when absent. */
  stampClock?: Clock;
}

/**
 * The real investigation graph for one incident that lives only in this process: alerts given
 * directly, checkpoints in memory, the RCA kept instead of stored. Recording needs no database.
 */
export async function investigateInMemory(input: InvestigateInMemoryInput): Promise<RcaDocument | null> {
  const incidentId = randomUUID();
  let rca: RcaDocument | null = null;
  const { investigate } = createInvestigation({
    repository: {
      alertsOf: async (id) => (id === incidentId ? structuredClone(input.alerts) : []),
      saveRca: async (document) => {
        // The same refusal the Postgres repository makes: an RCA citing missing evidence is a bug.
        assertRcaGrounded(document);
        if (rca !== null) return false;
        rca = document;
        return true;
      },
      audit: async () => {},
    },
    checkpointer: new MemorySaver(),
    contextFor: () => ({ sources: input.sources, clock: input.clock }),
    runbooks: input.runbooks,
    policy: input.policy,
    clock: input.stampClock ?? input.clock,
    deadlineMs: input.deadlineMs,
    ...(input.investigators ? { investigators: input.investigators } : {}),
    ...(input.reason ? { reason: input.reason } : {}),
  });
  await investigate(incidentId);
  return rca;
}
