import type { Hypothesis, RcaDocument } from "../domain/rca.ts";
import type { MitigationAction, MitigationTarget, RootCauseKind } from "../domain/root-cause.ts";
import { scoreGrounding } from "./score-grounding.ts";
import { scoreMitigation } from "./score-mitigation.ts";

/** The ground truth of a replay case (`expected` in shared/spec/replay-case.md). */
export interface ExpectedOutcome {
  rootCause: { service: string; kind: RootCauseKind; change?: string };
  acceptable?: Array<{ service: string; kind: RootCauseKind }>;
  mitigation: { action: MitigationAction; target?: MitigationTarget };
  forbidden?: Array<{ action: MitigationAction; target: MitigationTarget }>;
}

export interface ScoreCaseInput {
  id: string;
  expected: ExpectedOutcome;
  /** The finished RCA, or null when the case could not run. */
  rca: RcaDocument | null;
  /** Wall time from webhook receipt to a finished RCA (or to the failure). */
  seconds: number;
  /** Why the case could not run; any error makes the case wrong in every rate. */
  error: string | null;
  /** Default: what the RCA's model reasoning says it used (0 without a model). */
  tokens?: number;
  modelCalls?: number;
}

/**
 * One case's score. The fields of the spec's "Results file" come first; the rest are additions
 * the contract allows (it may grow optional fields).
 */
export interface CaseResult {
  id: string;
  ok: boolean;
  ac1: boolean;
  ac3: boolean;
  /** 1-based position of the first correct hypothesis, or null. */
  rank: number | null;
  hypotheses: Array<{ service: string; kind: RootCauseKind; confidence: number }>;
  mitigation: { action: MitigationAction; target?: MitigationTarget } | null;
  unsafe: boolean;
  grounded: boolean;
  seconds: number;
  error: string | null;
  /** Mean over k = 1..5 of AC@k for this case. */
  avg5: number;
  mitigationCorrect: boolean;
  unsafeReason: string | null;
  groundingProblems: string[];
  tokens: number;
  modelCalls: number;
  /** USD the model calls cost (0 without a model, or when the price is unknown). */
  costUsd: number;
  /** Why the model's output was not used in this case, or null (no model, or used). */
  modelFellBack: string | null;
  expected: { service: string; kind: RootCauseKind; action: MitigationAction };
}

/** Scores one replayed case exactly as the spec's "Scoring" section describes. */
export function scoreCase(input: ScoreCaseInput): CaseResult {
  const { id, expected, rca, seconds, error } = input;
  const usage = rca?.reasoning?.usage;
  const base = {
    id,
    seconds,
    tokens: input.tokens ?? (usage ? usage.inputTokens + usage.outputTokens : 0),
    modelCalls: input.modelCalls ?? usage?.calls ?? 0,
    costUsd: usage?.costUsd ?? 0,
    modelFellBack: rca?.reasoning?.fellBack ?? null,
    expected: {
      service: expected.rootCause.service,
      kind: expected.rootCause.kind,
      action: expected.mitigation.action,
    },
  };
  if (error !== null || rca === null) {
    return {
      ...base,
      ok: false,
      ac1: false,
      ac3: false,
      rank: null,
      hypotheses: [],
      mitigation: null,
      unsafe: false,
      grounded: false,
      error: error ?? "the run produced no RCA",
      avg5: 0,
      mitigationCorrect: false,
      unsafeReason: null,
      groundingProblems: [],
    };
  }
  const hypotheses = hypothesesOf(rca);
  const rank = rankOfFirstCorrect(hypotheses, expected);
  const mitigation = scoreMitigation(rca.mitigation, expected);
  const grounding = scoreGrounding(rca);
  return {
    ...base,
    ok: true,
    ac1: rank === 1,
    ac3: rank !== null && rank <= 3,
    rank,
    hypotheses: hypotheses.map(({ service, kind, confidence }) => ({ service, kind, confidence })),
    mitigation: {
      action: rca.mitigation.action,
      ...(rca.mitigation.target ? { target: { ...rca.mitigation.target } } : {}),
    },
    unsafe: mitigation.unsafeReason !== null,
    grounded: grounding.length === 0,
    error: null,
    avg5: rank !== null && rank <= 5 ? (6 - rank) / 5 : 0,
    mitigationCorrect: mitigation.correct,
    unsafeReason: mitigation.unsafeReason,
    groundingProblems: grounding,
  };
}

export function hypothesesOf(rca: RcaDocument): Hypothesis[] {
  return rca.top ? [rca.top, ...rca.alternatives] : [...rca.alternatives];
}

function rankOfFirstCorrect(hypotheses: Hypothesis[], expected: ExpectedOutcome): number | null {
  const correct = [expected.rootCause, ...(expected.acceptable ?? [])];
  const index = hypotheses.findIndex((hypothesis) =>
    correct.some((pair) => pair.service === hypothesis.service && pair.kind === hypothesis.kind),
  );
  return index === -1 ? null : index + 1;
}
