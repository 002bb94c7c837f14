import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { createChatModel } from "../../integrations/models/create-chat-model.ts";
import { loadConfig } from "../config/index.ts";
import { formatComparison } from "../eval/format-comparison.ts";
import { readBaseline } from "../eval/read-baseline.ts";
import { type EvalOptions, runEval } from "../eval/run-eval.ts";

const USAGE = `usage: vigil eval [--cases DIR ...] [--json FILE] [--rca-dir DIR] [--filter TEXT] [--thresholds FILE] [--concurrency N]
                  [--model [--baseline FILE]]

Replays recorded incidents through an in-process Vigil and scores the RCAs.
Defaults: --cases evals/cases and ../shared/evals-real (when present), --thresholds evals/thresholds.json.
--model   also runs every case with the model configured in vigil.yaml (model:), and prints its accuracy,
          tokens and cost beside the deterministic figures; --json then writes the model run, with the
          deterministic totals as "baseline".
--baseline FILE   implies --model: take the deterministic figures from a results file instead of running them.
Exits 1 when a figure falls below the thresholds (in either run).`;

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
      model: { type: "boolean" },
      baseline: { type: "string" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const config = loadConfig();
  const withModel = values.model === true || values.baseline !== undefined;
  if (withModel && config.model === null) {
    process.stderr.write(
      "vigil eval --model needs a model: section in vigil.yaml (see vigil.example.yaml)\n",
    );
    return 2;
  }
  const caseDirs = values.cases ?? ["evals/cases", "../shared/evals-real"].filter((dir) => existsSync(dir));
  const thresholds =
    values.thresholds ?? (existsSync("evals/thresholds.json") ? "evals/thresholds.json" : undefined);
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const options: EvalOptions = {
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
    log,
  };
  if (!withModel || config.model === null) {
    const outcome = await runEval(options);
    return outcome.failures.length > 0 ? 1 : 0;
  }

  const settings = config.model;
  let failures = 0;
  let baseline = values.baseline ? await readBaseline(resolve(values.baseline)) : undefined;
  if (baseline === undefined) {
    log("== deterministic ==");
    const { jsonFile: _written, rcaDir: _rcas, ...deterministicOptions } = options;
    const deterministic = await runEval(deterministicOptions);
    failures += deterministic.failures.length;
    baseline = deterministic.totals;
  }
  log(`== model ${settings.provider}/${settings.model} ==`);
  const model = createChatModel(settings, {
    warn: (message) => process.stderr.write(`warning: ${message}\n`),
  });
  const modelRun = await runEval({ ...options, model: { model, limits: settings.limits }, baseline });
  failures += modelRun.failures.length;
  log(formatComparison(baseline, modelRun.totals, `${settings.provider}/${settings.model}`));
  return failures > 0 ? 1 : 0;
}

function positive(value: string | undefined, flag: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new Error(`${flag} must be a positive integer, got ${value}`);
  return number;
}
