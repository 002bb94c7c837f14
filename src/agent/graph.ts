import { type BaseCheckpointSaver, END, interrupt, Send, START, StateGraph } from "@langchain/langgraph";
import type { MitigationDecision } from "../domain/mitigation-plan.ts";
import type { RcaDocument } from "../domain/rca.ts";
import type { MitigationSteps } from "../mitigation/create-mitigation-steps.ts";
import type { MitigationPolicy } from "../mitigation/mitigation-policy.ts";
import type { Clock } from "../ports/clock.ts";
import type { DataSources } from "../ports/data-sources.ts";
import type { Investigator } from "./investigators/investigator.ts";
import { runWithDeadline } from "./investigators/run-with-deadline.ts";
import { buildRca } from "./nodes/build-rca.ts";
import { mergeFindings } from "./nodes/merge-findings.ts";
import { rankHypotheses } from "./nodes/rank-hypotheses.ts";
import { triage } from "./nodes/triage.ts";
import type { Runbook } from "./runbooks/runbook.ts";
import {
  type ApprovalRequest,
  type InvestigateTask,
  InvestigationState,
  type InvestigationStateUpdate,
  type InvestigationStateValue,
} from "./state.ts";

export interface InvestigationGraphDeps {
  investigators: Investigator[];
  /** The data sources for one incident: the live ones, or a replay case's in the eval harness. */
  sourcesFor: (incidentId: string) => DataSources;
  deadlineMs: number;
  runbooks: Runbook[];
  checkpointer: BaseCheckpointSaver;
  policy: MitigationPolicy;
  clock: Clock;
  /**
   * Optional model-assisted reasoning after the deterministic ranking: may follow up through the
   * sources, re-rank `hypotheses` and set `reasoning`. Absent: the deterministic result stands.
   */
  reason?: (state: InvestigationStateValue, sources: DataSources) => Promise<InvestigationStateUpdate>;
  /** Persists the RCA; must be idempotent, because a resumed run may call it again. */
  saveRca: (rca: RcaDocument) => Promise<void>;
  /** Plan, decide, apply and verify the RCA's proposed mitigation; every step is idempotent. */
  mitigation: MitigationSteps;
}

/**
 * One StateGraph for every incident (thread id = incident id): triage, the investigators in
 * parallel, merge, rank, reason, the RCA with its proposed mitigation, then the mitigation: a plan
 * against live state; in dry-run that is the end; `auto` applies the policy's low-risk actions at
 * once; `approve` waits in an interrupt for a human decision (resumed with a MitigationDecision),
 * then apply → verify.
 */
export function createInvestigationGraph(deps: InvestigationGraphDeps) {
  const byName = new Map(deps.investigators.map((investigator) => [investigator.name, investigator]));
  const stateOf = (state: InvestigationStateValue) => state.mitigation?.state ?? null;

  return new StateGraph(InvestigationState)
    .addNode("triage", async (state: InvestigationStateValue) =>
      triage(state, deps.sourcesFor(state.incidentId), deps.runbooks, deps.deadlineMs),
    )
    .addNode("investigate", async (task: InvestigateTask) => {
      const investigator = byName.get(task.investigator);
      if (!investigator) throw new Error(`unknown investigator ${task.investigator}`);
      const result = await runWithDeadline(
        investigator,
        task.scope,
        deps.sourcesFor(task.incidentId),
        deps.deadlineMs,
      );
      return { results: [result] };
    })
    .addNode("merge", async (state: InvestigationStateValue) => mergeFindings(state))
    .addNode("rank", async (state: InvestigationStateValue) => rankHypotheses(state))
    .addNode("reason", async (state: InvestigationStateValue) =>
      deps.reason ? deps.reason(state, deps.sourcesFor(state.incidentId)) : {},
    )
    .addNode("propose", async (state: InvestigationStateValue) => {
      const rca = buildRca(state, deps.policy, deps.clock.now());
      await deps.saveRca(rca);
      return { rca };
    })
    .addNode("plan", async (state: InvestigationStateValue) => ({
      mitigation: await deps.mitigation.plan(state.rca!, deps.sourcesFor(state.incidentId)),
    }))
    .addNode("awaitApproval", async (state: InvestigationStateValue) => {
      const decision = interrupt<ApprovalRequest, MitigationDecision>({
        type: "mitigation.approval",
        incidentId: state.incidentId,
        planId: state.mitigation?.planId ?? null,
        mitigation: state.rca?.mitigation ?? null,
      });
      return { decision, mitigation: await deps.mitigation.decide(decision) };
    })
    .addNode("apply", async (state: InvestigationStateValue) => ({
      mitigation: await deps.mitigation.apply(state.mitigation!),
    }))
    .addNode("verify", async (state: InvestigationStateValue) => ({
      mitigation: await deps.mitigation.verify(state.mitigation!, deps.sourcesFor(state.incidentId)),
    }))
    .addEdge(START, "triage")
    .addConditionalEdges(
      "triage",
      (state: InvestigationStateValue) =>
        deps.investigators.map(
          (investigator) =>
            new Send("investigate", {
              incidentId: state.incidentId,
              investigator: investigator.name,
              scope: state.scope!,
            } satisfies InvestigateTask),
        ),
      ["investigate"],
    )
    .addEdge("investigate", "merge")
    .addEdge("merge", "rank")
    .addEdge("rank", "reason")
    .addEdge("reason", "propose")
    .addEdge("propose", "plan")
    .addConditionalEdges(
      "plan",
      (state: InvestigationStateValue) => {
        const current = stateOf(state);
        if (current === "awaiting-approval") return "awaitApproval";
        if (current === "planned" && state.mitigation?.mode === "auto") return "apply";
        return END;
      },
      ["awaitApproval", "apply", END],
    )
    .addConditionalEdges(
      "awaitApproval",
      (state: InvestigationStateValue) => (stateOf(state) === "approved" ? "apply" : END),
      ["apply", END],
    )
    .addConditionalEdges(
      "apply",
      (state: InvestigationStateValue) => (stateOf(state) === "applied" ? "verify" : END),
      ["verify", END],
    )
    .addEdge("verify", END)
    .compile({ checkpointer: deps.checkpointer });
}

export type InvestigationGraph = ReturnType<typeof createInvestigationGraph>;
