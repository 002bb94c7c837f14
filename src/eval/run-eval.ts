import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { loadReplayCases } from "../../integrations/replay/load-replay-cases.ts";
import { mapLimit } from "../agent/investigators/map-limit.ts";
import { createModelReasoner, type ReasoningLimits } from "../agent/reasoning/create-model-reasoner.ts";
import type { ReasoningModel } from "../agent/reasoning/reasoning-model.ts";
import { renderRcaMarkdown } from "../agent/render-rca-markdown.ts";
import { loadRunbooks } from "../agent/runbooks/load-runbooks.ts";
import { DEFAULT_MITIGATION_POLICY } from "../mitigation/mitigation-policy.ts";
import { createModelUsageRecorder } from "../store/record-model-usage.ts";
import { createEvalDatabases } from "./eval-database.ts";
import { formatResultsJson } from "./format-results-json.ts";
import { formatResultsTable } from "./format-results-table.ts";
import { runCase } from "./run-case.ts";
import { type CalibrationRow, calibration } from "./score-calibration.ts";
import { type CaseResult, scoreCase } from "./score-case.ts";
import { type ResultTotals, summarize } from "./score-summary.ts";
import { checkThresholds, loadThresholds, type ThresholdFailure } from "./thresholds.ts";

export interface EvalOptions {
  caseDirs: string[];
  filter?: string;
  jsonFile?: string;
  /** When set, each case's RCA is written there as Markdown (`<id>.md`) for people to read. */
  rcaDir?: string;
  thresholdsFile?: string;
  runbooksDir: string;
  databaseUrl: string | null;
  concurrency: number;
  caseTimeoutMs: number;
  deadlineMs: number;
  log: (line: string) => void;
  /** With a model: every case runs the model-assisted reasoning node (`vigil eval --model`). */
  model?: { model: ReasoningModel; limits: ReasoningLimits };
  /** The deterministic run's totals, written beside the model run's in the results file. */
  baseline?: ResultTotals;
}

export interface EvalOutcome {
  results: CaseResult[];
  totals: ResultTotals;
  calibration: CalibrationRow[];
  failures: ThresholdFailure[];
}

/**
 * Runs every case through an in-process Vigil on replay sources, scores the RCAs, prints the
 * table and the calibration, writes the results file, and checks the thresholds. A case that
 * breaks the contract, crashes or times out is a failed case, never a failed run.
 */
export async function runEval(options: EvalOptions): Promise<EvalOutcome> {
  const { cases, errors } = await loadReplayCases(options.caseDirs, {
    ...(options.filter ? { filter: options.filter } : {}),
  });
  const runbooks = await loadRunbooks(options.runbooksDir);
  const databases = await createEvalDatabases({ databaseUrl: options.databaseUrl });
  const model = options.model;
  const results: CaseResult[] = errors.map((error) =>
    scoreCase({
      id: error.file,
      expected: { rootCause: { service: "?", kind: "unknown" }, mitigation: { action: "none" } },
      rca: null,
      seconds: 0,
      error: error.message,
    }),
  );
  try {
    const scored = await mapLimit(
      cases.map((loaded, index) => ({ loaded, index })),
      options.concurrency,
      async ({ loaded, index }) => {
        const run = await withTimeout(
          runCase(loaded.replayCase, index, {
            databases,
            runbooks,
            policy: DEFAULT_MITIGATION_POLICY,
            deadlineMs: options.deadlineMs,
            ...(model
              ? {
                  reasonerFor: (database) =>
                    createModelReasoner({ ...model, usage: createModelUsageRecorder(database.db) }),
                }
              : {}),
          }),
          options.caseTimeoutMs,
        );
        const result = scoreCase({ id: loaded.replayCase.id, expected: loaded.replayCase.expected, ...run });
        if (options.rcaDir && run.rca) {
          await mkdir(options.rcaDir, { recursive: true });
          const markdown = renderRcaMarkdown(run.rca, { title: loaded.replayCase.id });
          await writeFile(join(options.rcaDir, `${loaded.replayCase.id}.md`), markdown);
        }
        options.log(
          `${result.ac1 ? "✓" : result.ac3 ? "~" : "✗"} ${result.id} (${result.seconds.toFixed(2)} s)`,
        );
        return result;
      },
    );
    results.push(...scored);
  } finally {
    await databases.close();
  }
  const totals = summarize(results);
  const table = calibration(results);
  options.log(formatResultsTable(results, totals));
  options.log(formatCalibration(table));
  if (options.jsonFile) {
    await mkdir(dirname(options.jsonFile), { recursive: true });
    await writeFile(
      options.jsonFile,
      formatResultsJson({
        mode: model ? "model" : "deterministic",
        results,
        totals,
        ...(model ? { model: { provider: model.model.provider, model: model.model.model } } : {}),
        ...(options.baseline ? { baseline: options.baseline } : {}),
      }),
    );
  }
  const failures = options.thresholdsFile
    ? checkThresholds(totals, await loadThresholds(options.thresholdsFile))
    : [];
  for (const failure of failures) options.log(`threshold: ${failure.message}`);
  return { results, totals, calibration: table, failures };
}

async function withTimeout<T extends { seconds: number }>(
  work: Promise<T>,
  timeoutMs: number,
): Promise<T | { rca: null; seconds: number; error: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<{ rca: null; seconds: number; error: string }>((resolve) => {
    timer = setTimeout(
      () => resolve({ rca: null, seconds: timeoutMs / 1000, error: `case timed out after ${timeoutMs} ms` }),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function formatCalibration(rows: CalibrationRow[]): string {
  const lines = ["calibration (top-hypothesis confidence vs AC@1):", "  bucket     n   mean conf  accuracy"];
  for (const row of rows) {
    const mean = row.meanConfidence === null ? "     -" : row.meanConfidence.toFixed(3).padStart(6);
    const accuracy = row.accuracy === null ? "     -" : row.accuracy.toFixed(3).padStart(6);
    lines.push(`  ${row.bucket}  ${String(row.n).padStart(3)}   ${mean}     ${accuracy}`);
  }
  return lines.join("\n");
}
