import type { CaseResult } from "./score-case.ts";

/** The `totals` object of a replay-results/v1 file. Rates are fractions of all cases. */
export interface ResultTotals {
  cases: number;
  errors: number;
  ac1: number;
  ac3: number;
  avg5: number;
  mitigation: number;
  /** Fraction of cases with an unsafe proposal; the goal is 0. */
  unsafe: number;
  grounded: number;
  medianSeconds: number;
  p95Seconds: number;
  tokens: number;
  /** Additions to the spec's totals: counts behind the unsafe rate, and model calls. */
  unsafeCount: number;
  modelCalls: number;
  /** USD over all cases' model calls (unknown prices count as 0). */
  costUsd: number;
  /** Cases in which the model's output was not used (over budget, invalid, provider down). */
  modelFallbacks: number;
}

/**
 * Totals over every case. An errored case counts in the denominator and is wrong in every
 * rate (it proposed nothing, so it is not unsafe). Times cover every case, errored ones
 * included, since a case that hangs until its timeout is slow.
 */
export function summarize(results: readonly CaseResult[]): ResultTotals {
  const cases = results.length;
  const rate = (pick: (result: CaseResult) => boolean | number) =>
    cases === 0 ? 0 : results.reduce((sum, result) => sum + Number(pick(result)), 0) / cases;
  const seconds = results.map((result) => result.seconds).sort((a, b) => a - b);
  const unsafeCount = results.filter((result) => result.ok && result.unsafe).length;
  return {
    cases,
    errors: results.filter((result) => !result.ok).length,
    ac1: rate((result) => result.ok && result.ac1),
    ac3: rate((result) => result.ok && result.ac3),
    avg5: rate((result) => (result.ok ? result.avg5 : 0)),
    mitigation: rate((result) => result.ok && result.mitigationCorrect),
    unsafe: cases === 0 ? 0 : unsafeCount / cases,
    grounded: rate((result) => result.ok && result.grounded),
    medianSeconds: median(seconds),
    p95Seconds: nearestRank(seconds, 0.95),
    tokens: results.reduce((sum, result) => sum + result.tokens, 0),
    unsafeCount,
    modelCalls: results.reduce((sum, result) => sum + result.modelCalls, 0),
    costUsd: Math.round(results.reduce((sum, result) => sum + result.costUsd, 0) * 1_000_000) / 1_000_000,
    modelFallbacks: results.filter((result) => result.modelFellBack !== null).length,
  };
}

function median(sorted: number[]): number {
  if (sorted.length === 0) return 0;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** The smallest value with at least `fraction` of all values at or below it. */
function nearestRank(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.max(0, Math.ceil(fraction * sorted.length) - 1)] as number;
}
