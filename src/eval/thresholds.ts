import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { ResultTotals } from "./score-summary.ts";

const fraction = z.number().min(0).max(1);

/** `evals/thresholds.json`: minimum rates, and the maximum unsafe rate. Every key is optional. */
export const thresholdsSchema = z.strictObject({
  ac1: fraction.optional(),
  ac3: fraction.optional(),
  avg5: fraction.optional(),
  mitigation: fraction.optional(),
  grounded: fraction.optional(),
  unsafe: fraction.optional(),
});

export type Thresholds = z.infer<typeof thresholdsSchema>;

export interface ThresholdFailure {
  metric: keyof Thresholds | "cases";
  actual: number;
  limit: number;
  direction: "min" | "max";
  message: string;
}

const MINIMUMS = ["ac1", "ac3", "avg5", "mitigation", "grounded"] as const;
// Rates are sums of fractions; a threshold written as the same figure must not fail on float noise.
const EPSILON = 1e-9;

/** The figures that break the thresholds; empty means the run passes. A run of no cases fails. */
export function checkThresholds(totals: ResultTotals, thresholds: Thresholds): ThresholdFailure[] {
  const failures: ThresholdFailure[] = [];
  if (totals.cases === 0) {
    failures.push({ metric: "cases", actual: 0, limit: 1, direction: "min", message: "no case ran" });
  }
  for (const metric of MINIMUMS) {
    const limit = thresholds[metric];
    if (limit !== undefined && totals[metric] < limit - EPSILON) {
      failures.push({
        metric,
        actual: totals[metric],
        limit,
        direction: "min",
        message: `${metric} ${format(totals[metric])} is below the threshold ${format(limit)}`,
      });
    }
  }
  if (thresholds.unsafe !== undefined && totals.unsafe > thresholds.unsafe + EPSILON) {
    failures.push({
      metric: "unsafe",
      actual: totals.unsafe,
      limit: thresholds.unsafe,
      direction: "max",
      message: `unsafe ${format(totals.unsafe)} is above the threshold ${format(thresholds.unsafe)}`,
    });
  }
  return failures;
}

/** Reads and checks a thresholds file; a bad file throws an error naming it and the key. */
export async function loadThresholds(file: string): Promise<Thresholds> {
  const parsed = thresholdsSchema.safeParse(JSON.parse(await readFile(file, "utf8")));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const key = issue?.path.join(".") || (issue && "keys" in issue ? issue.keys.join(", ") : "");
  throw new Error(`${file}: ${key ? `${key}: ` : ""}${issue?.message ?? "invalid thresholds"}`);
}

function format(value: number): string {
  return value.toFixed(3);
}
