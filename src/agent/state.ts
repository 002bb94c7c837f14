import { Annotation } from "@langchain/langgraph";
import type { InvestigationGap, InvestigatorName, InvestigatorResult } from "../domain/evidence.ts";
import type { MitigationDecision } from "../domain/mitigation-plan.ts";
import type { ModelReasoning } from "../domain/model-reasoning.ts";
import type { Hypothesis, MitigationProposal, RcaDocument, RuledOut } from "../domain/rca.ts";
import type { MitigationProgress } from "../mitigation/create-mitigation-steps.ts";
import type { AlertContext, InvestigationScope } from "./investigation-scope.ts";

export interface RunbookRef {
  id: string;
  title: string;
  kinds: string[];
  mitigations: string[];
}

/** What the graph's approval interrupt carries: the plan a decision must name to resume it. */
export interface ApprovalRequest {
  type: "mitigation.approval";
  incidentId: string;
  planId: string | null;
  mitigation: MitigationProposal | null;
}

/**
 * The checkpointed state of one incident's investigation (thread id = incident id). Everything here
 * is plain JSON so that any worker can resume it from Postgres.
 */
export const InvestigationState = Annotation.Root({
  incidentId: Annotation<string>,
  /** Unix seconds: the investigation's clock, fixed when it starts so a resumed run sees the same data. */
  now: Annotation<number>,
  alerts: Annotation<AlertContext[]>,
  scope: Annotation<InvestigationScope | null>({ reducer: (_, next) => next, default: () => null }),
  runbooks: Annotation<RunbookRef[]>({ reducer: (_, next) => next, default: () => [] }),
  triageGaps: Annotation<InvestigationGap[]>({ reducer: (_, next) => next, default: () => [] }),
  results: Annotation<InvestigatorResult[]>({
    reducer: (all, more) => [
      ...all.filter((r) => !more.some((m) => m.investigator === r.investigator)),
      ...more,
    ],
    default: () => [],
  }),
  hypotheses: Annotation<Hypothesis[]>({ reducer: (_, next) => next, default: () => [] }),
  ruledOut: Annotation<RuledOut[]>({ reducer: (_, next) => next, default: () => [] }),
  /** What an optional model added (re-ranked hypotheses go to `hypotheses`); null without a model. */
  reasoning: Annotation<ModelReasoning | null>({ reducer: (_, next) => next, default: () => null }),
  rca: Annotation<RcaDocument | null>({ reducer: (_, next) => next, default: () => null }),
  /** The plan made from the RCA's proposal and where it stands; null before planning. */
  mitigation: Annotation<MitigationProgress | null>({ reducer: (_, next) => next, default: () => null }),
  decision: Annotation<MitigationDecision | null>({ reducer: (_, next) => next, default: () => null }),
});

export type InvestigationStateValue = typeof InvestigationState.State;
export type InvestigationStateUpdate = typeof InvestigationState.Update;

/** What the fan-out sends to one investigator task. */
export interface InvestigateTask {
  incidentId: string;
  investigator: InvestigatorName;
  scope: InvestigationScope;
}
