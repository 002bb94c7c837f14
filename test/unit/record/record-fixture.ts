import { loadRunbooks } from "../../../src/agent/runbooks/load-runbooks.ts";
import type { Runbook } from "../../../src/agent/runbooks/runbook.ts";
import type { RcaDocument } from "../../../src/domain/rca.ts";

export const EVAL_CASES = new URL("../../../evals/cases/", import.meta.url).pathname;
const RUNBOOKS = new URL("../../../runbooks/", import.meta.url).pathname;

let runbooks: Promise<Runbook[]> | undefined;
export function sharedRunbooks(): Promise<Runbook[]> {
  runbooks ??= loadRunbooks(RUNBOOKS);
  return runbooks;
}

/**
 * What a replay must reproduce: the ranked answers, the proposed action and the exact queries
 * behind the evidence. Confidences are rounded because summing series in another order may move
 * the last bit of a float.
 */
export function answerOf(rca: RcaDocument | null | undefined) {
  if (!rca) return null;
  return {
    top: rca.top ? { service: rca.top.service, kind: rca.top.kind } : null,
    hypotheses: [rca.top, ...rca.alternatives]
      .filter((hypothesis) => hypothesis !== null)
      .map((hypothesis) => `${hypothesis.service} ${hypothesis.kind} ${hypothesis.confidence.toFixed(6)}`),
    mitigation: { action: rca.mitigation.action, target: rca.mitigation.target ?? null },
    evidenceQueries: [...new Set(rca.evidence.map((item) => `${item.source}: ${item.query}`))].sort(),
  };
}
