import type { CaseResult } from "./score-case.ts";
import type { ResultTotals } from "./score-summary.ts";

/** The results file of shared/spec/replay-case.md, "Results file". */
export interface ReplayResults {
  apiVersion: "replay-results/v1";
  mode: "deterministic" | "model";
  totals: ResultTotals;
  cases: CaseResult[];
  /** With `--model`: the model in use. */
  model?: { provider: string; model: string };
  /** With `--model`: the deterministic run's totals, to compare against (an addition to the spec). */
  baseline?: { mode: "deterministic"; totals: ResultTotals };
}

export function toReplayResults(input: {
  mode: ReplayResults["mode"];
  results: readonly CaseResult[];
  totals: ResultTotals;
  model?: ReplayResults["model"];
  baseline?: ResultTotals;
}): ReplayResults {
  return {
    apiVersion: "replay-results/v1",
    mode: input.mode,
    ...(input.model ? { model: input.model } : {}),
    totals: input.totals,
    ...(input.baseline ? { baseline: { mode: "deterministic" as const, totals: input.baseline } } : {}),
    cases: [...input.results],
  };
}

/** The text `vigil eval --json FILE` writes: one JSON object, two-space indented, newline-terminated. */
export function formatResultsJson(input: Parameters<typeof toReplayResults>[0]): string {
  return `${JSON.stringify(toReplayResults(input), null, 2)}\n`;
}
