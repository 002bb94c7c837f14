import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadConfig } from "../config/index.ts";
import { runEval } from "../eval/run-eval.ts";

const USAGE = `usage: vigil eval [--cases DIR ...] [--json FILE] [--rca-dir DIR] [--filter TEXT] [--thresholds FILE] [--concurrency N]

Replays recorded incidents through an in-process Vigil and scores the RCAs.
Defaults: --cases evals/cases and ../shared/evals-real (when present), --thresholds evals/thresholds.json.
Exits 1 when a figure falls below the thresholds.`;

/** `vigil eval`: the replayed-incident eval harness. */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      cases: { type: "string", multiple: true },
      json: { type: "string" },
      "rca-dir": { type: "string" },
      filter: { type: "string" },
      thresholds: { type: "string" },
      concurrency: { type: "string", default: "2" },
      "case-timeout": { type: "string", default: "120" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const config = loadConfig();
  const caseDirs = values.cases ?? ["evals/cases", "../shared/evals-real"].filter((dir) => existsSync(dir));
  const thresholds =
    values.thresholds ?? (existsSync("evals/thresholds.json") ? "evals/thresholds.json" : undefined);
  const outcome = await runEval({
    caseDirs: caseDirs.map((dir) => resolve(dir)),
    ...(values.filter ? { filter: values.filter } : {}),
    ...(values.json ? { jsonFile: resolve(values.json) } : {}),
    ...(values["rca-dir"] ? { rcaDir: resolve(values["rca-dir"]) } : {}),
    ...(thresholds ? { thresholdsFile: resolve(thresholds) } : {}),
    runbooksDir: resolve("runbooks"),
    databaseUrl: config.database.url,
    concurrency: positive(values.concurrency, "--concurrency"),
    caseTimeoutMs: positive(values["case-timeout"], "--case-timeout") * 1000,
    deadlineMs: config.investigator.timeoutMs,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  return outcome.failures.length > 0 ? 1 : 0;
}

function positive(value: string | undefined, flag: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new Error(`${flag} must be a positive integer, got ${value}`);
  return number;
}
