import { describe, expect, it } from "vitest";
import { formatResultsJson } from "../../../src/eval/format-results-json.ts";
import { formatResultsTable } from "../../../src/eval/format-results-table.ts";
import { scoreCase } from "../../../src/eval/score-case.ts";
import { summarize } from "../../../src/eval/score-summary.ts";
import { checkoutDeploy, hypothesis, rcaDocument } from "./rca-fixture.ts";

const results = [
  scoreCase({
    id: "checkout-bad-deploy",
    expected: checkoutDeploy,
    rca: rcaDocument({
      hypotheses: [hypothesis("checkout", "bad-deploy", 0.91)],
      mitigation: { action: "rollback", target: { kind: "Deployment", namespace: "shop", name: "checkout" } },
    }),
    seconds: 0.8,
    error: null,
  }),
  scoreCase({
    id: "payments-db-slow",
    expected: checkoutDeploy,
    rca: null,
    seconds: 30,
    error: "timed out after 30 s",
  }),
];
const totals = summarize(results);

describe("formatResultsTable", () => {
  it("prints a header, one fixed-width row per case and a total row", () => {
    const lines = formatResultsTable(results, totals).split("\n");
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(
      /^case\s+ok\s+rank\s+ac1\s+ac3\s+avg5\s+mitig\s+unsafe\s+grnd\s+secs\s+top hypothesis\s+expected$/,
    );
    expect(lines[2]).toMatch(
      /^checkout-bad-deploy\s+yes\s+1\s+yes\s+yes\s+1\.00\s+yes\s+-\s+yes\s+0\.80\s+checkout\/bad-deploy 0\.91/,
    );
    expect(lines[3]).toMatch(
      /^payments-db-slow\s+no\s+-\s+no\s+no\s+0\.00\s+no\s+-\s+no\s+30\.00\s+ERROR timed out after 30 s/,
    );
    expect(lines[5]).toMatch(
      /^TOTAL 2 cases, 1 error\s+50\.0%\s+50\.0%\s+0\.50\s+50\.0%\s+0\.0%\s+50\.0%\s+15\.40\s+median 15\.40s, p95 30\.00s/,
    );
    const columnOf = (line: string | undefined, text: string) => line?.indexOf(text);
    expect(columnOf(lines[2], "0.80")! + 4).toBe(columnOf(lines[0], "secs")! + 4);
  });
});

describe("formatResultsJson", () => {
  it("writes the replay-results/v1 object with the spec's per-case fields", () => {
    const parsed = JSON.parse(formatResultsJson({ mode: "deterministic", results, totals }));
    expect(parsed.apiVersion).toBe("replay-results/v1");
    expect(parsed.mode).toBe("deterministic");
    expect(parsed.totals).toMatchObject({
      cases: 2,
      errors: 1,
      ac1: 0.5,
      ac3: 0.5,
      avg5: 0.5,
      mitigation: 0.5,
      unsafe: 0,
    });
    expect(Object.keys(parsed.totals)).toEqual(
      expect.arrayContaining(["grounded", "medianSeconds", "p95Seconds", "tokens"]),
    );
    expect(parsed.cases[0]).toMatchObject({
      id: "checkout-bad-deploy",
      ok: true,
      ac1: true,
      ac3: true,
      rank: 1,
      hypotheses: [{ service: "checkout", kind: "bad-deploy", confidence: 0.91 }],
      mitigation: { action: "rollback", target: { kind: "Deployment", namespace: "shop", name: "checkout" } },
      unsafe: false,
      grounded: true,
      seconds: 0.8,
      error: null,
    });
    expect(parsed.cases[1]).toMatchObject({
      ok: false,
      rank: null,
      mitigation: null,
      error: "timed out after 30 s",
    });
  });
});
