import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { ResultTotals } from "./score-summary.ts";

const rate = z.number().min(0).max(1);

/** Only what the comparison reads; older results files without the additions still load. */
const baselineSchema = z.object({
  apiVersion: z.literal("replay-results/v1"),
  mode: z.literal("deterministic"),
  totals: z.object({
    cases: z.number().int().min(0),
    errors: z.number().int().min(0),
    ac1: rate,
    ac3: rate,
    avg5: rate,
    mitigation: rate,
    unsafe: rate,
    grounded: rate,
    medianSeconds: z.number().min(0),
    p95Seconds: z.number().min(0),
    tokens: z.number().min(0).default(0),
    unsafeCount: z.number().int().min(0).default(0),
    modelCalls: z.number().int().min(0).default(0),
    costUsd: z.number().min(0).default(0),
    modelFallbacks: z.number().int().min(0).default(0),
  }),
});

/** The totals of a deterministic results file (`vigil eval --json`), to compare a model run against. */
export async function readBaseline(file: string): Promise<ResultTotals> {
  const parsed = baselineSchema.safeParse(JSON.parse(await readFile(file, "utf8")));
  if (!parsed.success) {
    throw new Error(
      `${file} is not a deterministic replay-results/v1 file: ${z.prettifyError(parsed.error)}`,
    );
  }
  return parsed.data.totals;
}
