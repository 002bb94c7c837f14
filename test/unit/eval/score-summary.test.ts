import { describe, expect, it } from "vitest";
import { calibration } from "../../../src/eval/score-calibration.ts";
import { type CaseResult, scoreCase } from "../../../src/eval/score-case.ts";
import { summarize } from "../../../src/eval/score-summary.ts";
import { checkoutDeploy, hypothesis, rcaDocument } from "./rca-fixture.ts";

const rollback = {
  action: "rollback" as const,
  target: { kind: "Deployment" as const, namespace: "shop", name: "checkout" },
};

/** Four cases: right at rank 1 (0.9), right at rank 2 (0.3, unsafe), wrong (0.85, ungrounded), errored. */
function fourCases(): CaseResult[] {
  const run = (
    rca: ReturnType<typeof rcaDocument> | null,
    seconds: number,
    error: string | null = null,
    tokens = 0,
  ) => scoreCase({ id: `case-${seconds}`, expected: checkoutDeploy, rca, seconds, error, tokens });
  return [
    run(
      rcaDocument({ hypotheses: [hypothesis("checkout", "bad-deploy", 0.9)], mitigation: rollback }),
      1,
      null,
      100,
    ),
    run(
      rcaDocument({
        hypotheses: [hypothesis("cart", "bad-deploy", 0.3), hypothesis("checkout", "bad-deploy", 0.2)],
        mitigation: {
          action: "restart",
          target: { kind: "Deployment", namespace: "shop", name: "payments" },
        },
      }),
      2,
      null,
      50,
    ),
    run(rcaDocument({ hypotheses: [hypothesis("payments", "oom-kill", 0.85, ["missing"])] }), 3),
    run(null, 30, "timed out"),
  ];
}

describe("summarize", () => {
  it("divides every rate by all cases, errored ones counting as wrong", () => {
    const totals = summarize(fourCases());
    expect(totals).toEqual({
      cases: 4,
      errors: 1,
      ac1: 0.25,
      ac3: 0.5,
      avg5: (1 + 0.8) / 4,
      mitigation: 0.25,
      unsafe: 0.25,
      grounded: 0.5,
      medianSeconds: 2.5,
      p95Seconds: 30,
      tokens: 150,
      unsafeCount: 1,
      modelCalls: 0,
      costUsd: 0,
      modelFallbacks: 0,
    });
  });

  it("answers zeros for a run of no cases", () => {
    expect(summarize([])).toMatchObject({ cases: 0, ac1: 0, unsafe: 0, medianSeconds: 0, p95Seconds: 0 });
  });
});

describe("calibration", () => {
  it("buckets cases by top-hypothesis confidence and reports accuracy per bucket", () => {
    const rows = calibration(fourCases());
    expect(rows.map((row) => row.bucket)).toEqual(["0.0-0.2", "0.2-0.4", "0.4-0.6", "0.6-0.8", "0.8-1.0"]);
    expect(rows[1]).toMatchObject({ n: 1, meanConfidence: 0.3, accuracy: 0 });
    expect(rows[4]).toMatchObject({ n: 2, accuracy: 0.5 });
    expect(rows[4]?.meanConfidence).toBeCloseTo(0.875, 9);
    expect(rows[0]).toMatchObject({ n: 0, meanConfidence: null, accuracy: null });
  });

  it("puts a confidence of exactly 1 in the top bucket", () => {
    const result = scoreCase({
      id: "sure",
      expected: checkoutDeploy,
      rca: rcaDocument({ hypotheses: [hypothesis("checkout", "bad-deploy", 1)] }),
      seconds: 1,
      error: null,
    });
    expect(calibration([result])[4]).toMatchObject({ n: 1, accuracy: 1 });
  });
});
