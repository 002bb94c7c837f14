import type { CaseResult } from "./score-case.ts";

export interface CalibrationRow {
  /** "0.0-0.2" ... "0.8-1.0"; each bucket holds lower <= confidence < upper, the last one includes 1.0. */
  bucket: string;
  lower: number;
  upper: number;
  n: number;
  /** Mean top-hypothesis confidence in the bucket; null when the bucket is empty. */
  meanConfidence: number | null;
  /** Fraction of the bucket's cases whose top hypothesis was right (AC@1); null when empty. */
  accuracy: number | null;
}

const BUCKETS = 5;

/**
 * How well the top hypothesis' confidence predicts AC@1. Cases without a top hypothesis (errored,
 * or no hypothesis at all) say nothing about calibration and are left out.
 */
export function calibration(results: readonly CaseResult[]): CalibrationRow[] {
  const rows = Array.from({ length: BUCKETS }, (_, index) => ({
    lower: index / BUCKETS,
    upper: (index + 1) / BUCKETS,
    confidences: [] as number[],
    correct: 0,
  }));
  for (const result of results) {
    const top = result.hypotheses[0];
    if (!result.ok || top === undefined || !Number.isFinite(top.confidence)) continue;
    const confidence = Math.min(1, Math.max(0, top.confidence));
    const row = rows[Math.min(BUCKETS - 1, Math.floor(confidence * BUCKETS))];
    if (!row) continue;
    row.confidences.push(confidence);
    if (result.ac1) row.correct++;
  }
  return rows.map(({ lower, upper, confidences, correct }) => {
    const n = confidences.length;
    return {
      bucket: `${lower.toFixed(1)}-${upper.toFixed(1)}`,
      lower,
      upper,
      n,
      meanConfidence: n === 0 ? null : confidences.reduce((sum, value) => sum + value, 0) / n,
      accuracy: n === 0 ? null : correct / n,
    };
  });
}
