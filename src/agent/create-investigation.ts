import type { BaseCheckpointSaver } from "@langchain/langgraph";
import type { MitigationPolicy } from "../mitigation/mitigation-policy.ts";
import type { Clock } from "../ports/clock.ts";
import type { DataSources } from "../ports/data-sources.ts";
import { createInvestigationGraph, type InvestigationGraphDeps } from "./graph.ts";
import type { InvestigationRepository } from "./investigation-repository.ts";
import { createChangesInvestigator } from "./investigators/changes-investigator.ts";
import { createInfraInvestigator } from "./investigators/infra-investigator.ts";
import type { Investigator } from "./investigators/investigator.ts";
import { createLogsInvestigator } from "./investigators/logs-investigator.ts";
import { createMetricsInvestigator } from "./investigators/metrics-investigator.ts";
import { createInvestigationRunner } from "./run-investigation.ts";
import type { Runbook } from "./runbooks/runbook.ts";

export interface CreateInvestigationDeps {
  repository: InvestigationRepository;
  checkpointer: BaseCheckpointSaver;
  /**
   * Where one incident's data comes from and what time it is there: the live sources and the system
   * clock, or a replay case's recording and its pinned `now`.
   */
  contextFor: (incidentId: string) => InvestigationContext | Promise<InvestigationContext>;
  runbooks: Runbook[];
  policy: MitigationPolicy;
  /** The time RCAs are stamped with. */
  clock: Clock;
  deadlineMs: number;
  investigators?: Investigator[];
  /** Optional model-assisted reasoning (see `InvestigationGraphDeps.reason`). */
  reason?: InvestigationGraphDeps["reason"];
}

export interface InvestigationContext {
  sources: DataSources;
  clock: Clock;
}

export function defaultInvestigators(): Investigator[] {
  return [
    createMetricsInvestigator(),
    createLogsInvestigator(),
    createChangesInvestigator(),
    createInfraInvestigator(),
  ];
}

/** The whole investigation for one process: the graph over the four investigators, and its runner. */
export function createInvestigation(deps: CreateInvestigationDeps) {
  // The context of each investigation in progress, resolved once when it starts or resumes.
  const active = new Map<string, InvestigationContext>();
  const contextOf = (incidentId: string) => {
    const context = active.get(incidentId);
    if (!context) throw new Error(`no investigation context for incident ${incidentId}`);
    return context;
  };
  const graph = createInvestigationGraph({
    investigators: deps.investigators ?? defaultInvestigators(),
    sourcesFor: (incidentId) => contextOf(incidentId).sources,
    deadlineMs: deps.deadlineMs,
    runbooks: deps.runbooks,
    checkpointer: deps.checkpointer,
    policy: deps.policy,
    clock: deps.clock,
    ...(deps.reason ? { reason: deps.reason } : {}),
    saveRca: async (rca) => {
      await deps.repository.saveRca(rca);
    },
  });
  const run = createInvestigationRunner({
    graph,
    repository: deps.repository,
    clockFor: (incidentId) => contextOf(incidentId).clock,
  });
  const investigate = async (incidentId: string) => {
    active.set(incidentId, await deps.contextFor(incidentId));
    try {
      return await run(incidentId);
    } finally {
      active.delete(incidentId);
    }
  };
  return { graph, investigate };
}
