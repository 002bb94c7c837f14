import type { Hypothesis } from "../../domain/rca.ts";
import { hypothesisId } from "./case-file.ts";

export interface RerankResult {
  hypotheses: Hypothesis[];
  reranked: boolean;
  /** Why the model's order was refused, when it differed from the deterministic one. */
  refused?: string;
}

/**
 * The guard on the model's re-rank. The model may only re-order the deterministic hypotheses
 * (ids it does not know are ignored, ones it leaves out keep their relative order after the ones it
 * names), and its order is adopted only when every hypothesis it moves up has a critique that
 * survived the citation check and calls it "supported". Otherwise the deterministic order stands
 * whole: a partial adoption would be an order nobody proposed. Confidences stay as calibrated, so a
 * promoted hypothesis keeps its own (possibly lower) confidence and the mitigation policy's
 * confidence floor still applies to it.
 */
export function rerankHypotheses(
  hypotheses: readonly Hypothesis[],
  proposedOrder: readonly string[],
  supported: ReadonlySet<string>,
): RerankResult {
  const ids = hypotheses.map((_, index) => hypothesisId(index));
  const named = [...new Set(proposedOrder.map((id) => id.trim()))].filter((id) => ids.includes(id));
  const order = [...named, ...ids.filter((id) => !named.includes(id))];
  if (order.every((id, position) => id === ids[position])) {
    return { hypotheses: [...hypotheses], reranked: false };
  }
  const unsupported = order.filter((id, position) => position < ids.indexOf(id) && !supported.has(id));
  if (unsupported.length > 0) {
    return {
      hypotheses: [...hypotheses],
      reranked: false,
      refused: `moved up without a supporting critique that cites evidence: ${unsupported.join(", ")}`,
    };
  }
  return { hypotheses: order.map((id) => hypotheses[ids.indexOf(id)] as Hypothesis), reranked: true };
}
