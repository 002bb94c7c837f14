import { describe, expect, it } from "vitest";
import { rerankHypotheses } from "../../../src/agent/reasoning/rerank-hypotheses.ts";
import type { Hypothesis } from "../../../src/domain/rca.ts";

function hypothesis(service: string, confidence: number): Hypothesis {
  return {
    service,
    kind: "cpu-saturation",
    confidence,
    evidenceIds: [`ev-metr-${service}`],
    explanation: `${service} is busy`,
    causalChain: [service],
  };
}

const ranked = [hypothesis("a", 0.8), hypothesis("b", 0.5), hypothesis("c", 0.3)];

describe("rerankHypotheses", () => {
  it("adopts an order in which every hypothesis moved up has a supporting, cited critique", () => {
    const result = rerankHypotheses(ranked, ["h2", "h1", "h3"], new Set(["h2"]));
    expect(result.reranked).toBe(true);
    expect(result.hypotheses.map((h) => h.service)).toEqual(["b", "a", "c"]);
    // Confidences stay as calibrated: the model never raises one.
    expect(result.hypotheses.map((h) => h.confidence)).toEqual([0.5, 0.8, 0.3]);
  });

  it("keeps the deterministic order whole when a hypothesis moves up without such a critique", () => {
    const result = rerankHypotheses(ranked, ["h3", "h2", "h1"], new Set(["h2"]));
    expect(result.hypotheses).toEqual(ranked);
    expect(result.reranked).toBe(false);
    expect(result.refused).toContain("h3");
  });

  it("ignores ids it does not know and keeps unnamed hypotheses after the named ones", () => {
    const result = rerankHypotheses(ranked, ["h9", "h3", "payments"], new Set(["h3"]));
    expect(result.hypotheses.map((h) => h.service)).toEqual(["c", "a", "b"]);
  });

  it("changes nothing when the model agrees or names no order", () => {
    expect(rerankHypotheses(ranked, ["h1", "h2"], new Set())).toEqual({
      hypotheses: ranked,
      reranked: false,
    });
    expect(rerankHypotheses(ranked, [], new Set())).toEqual({ hypotheses: ranked, reranked: false });
  });
});
