import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { loadRunbooks } from "../agent/runbooks/load-runbooks.ts";
import { ConfigError, loadConfig, type VigilConfig } from "../config/index.ts";
import type { DataSources } from "../ports/data-sources.ts";
import { describeRecording } from "../record/describe-recording.ts";
import { formatReplayCase } from "../record/format-replay-case.ts";
import { parseRecordArgs, RECORD_USAGE } from "../record/parse-record-args.ts";
import { readAlertPayload } from "../record/read-alert-payload.ts";
import { recordIncident } from "../record/record-incident.ts";
import { RecordingError } from "../record/recording-error.ts";

export interface RecordCommandDeps {
  /** The sources the incident is investigated and recorded from: the live ones from config. */
  createSources: (config: VigilConfig) => DataSources | Promise<DataSources>;
  loadConfig?: () => VigilConfig;
  runbooksDir?: string;
  print?: (text: string) => void;
  printError?: (text: string) => void;
}

/**
 * `vigil record`: one real incident to a replay case. Exit codes: 0 written, 1 the recording
 * failed, 2 bad arguments (the message names the flag).
 */
export function createRecordCommand(deps: RecordCommandDeps): (args: string[]) => Promise<number> {
  const print = deps.print ?? ((text) => process.stdout.write(`${text}\n`));
  const printError = deps.printError ?? ((text) => process.stderr.write(`${text}\n`));
  return async (args) => {
    if (args.includes("--help") || args.includes("-h")) {
      print(RECORD_USAGE);
      return 0;
    }
    const parsed = parseRecordArgs(args);
    if (!parsed.ok) {
      printError(`vigil record: ${parsed.message}\n\n${RECORD_USAGE}`);
      return 2;
    }
    const options = parsed.args;
    const outFile = resolve(options.outFile);
    if (!options.force && (await exists(outFile))) {
      printError(`vigil record: --out: ${options.outFile} exists; give --force to replace it`);
      return 2;
    }
    const alertPayload = await readAlert(options.alertFile);
    if (!alertPayload.ok) {
      printError(`vigil record: --alert: ${alertPayload.message}`);
      return 2;
    }
    try {
      const config = (deps.loadConfig ?? loadConfig)();
      const recorded = await recordIncident({
        alertPayload: alertPayload.value,
        sources: await deps.createSources(config),
        now: options.now,
        window: { start: options.from, end: options.now },
        id: options.id,
        ...(options.title !== undefined ? { title: options.title } : {}),
        ...(options.tags !== undefined ? { tags: options.tags } : {}),
        ...(options.notes !== undefined ? { notes: options.notes } : {}),
        expected: options.expected,
        runbooks: await loadRunbooks(resolve(deps.runbooksDir ?? "runbooks")),
        deadlineMs: config.investigator.timeoutMs,
        resolutionSeconds: options.resolutionSeconds,
        logLineLimit: options.logLineLimit,
        maxListedSeries: options.maxListedSeries,
      });
      await mkdir(dirname(outFile), { recursive: true });
      await writeFile(outFile, formatReplayCase(recorded.replayCase));
      for (const warning of recorded.warnings) printError(`warning: ${warning}`);
      print(describeRecording(recorded, options.outFile));
      return 0;
    } catch (error) {
      if (!(error instanceof RecordingError || error instanceof ConfigError)) throw error;
      printError(`vigil record: ${error.message}`);
      return 1;
    }
  };
}

/**
 * The command as `src/cli/main.ts` runs it: the incident is investigated on the live sources of
 * vigil.yaml, metrics seen through the service catalog as a live Vigil sees them.
 */
export async function run(args: string[]): Promise<number> {
  return await createRecordCommand({ createSources: createConfiguredSources })(args);
}

/** Loaded on use, so that `--help` and bad arguments do not wait for the Kubernetes client. */
async function createConfiguredSources(config: VigilConfig): Promise<DataSources> {
  const { createConfiguredSources: create } = await import("../wiring/create-live-context.ts");
  return create(config);
}

async function readAlert(
  file: string,
): Promise<{ ok: true; value: unknown } | { ok: false; message: string }> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code;
    return {
      ok: false,
      message: code === "ENOENT" ? `no such file ${file}` : `cannot read ${file}: ${String(error)}`,
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `${file} is not JSON: ${(error as Error).message}` };
  }
  // Checked here too, so that a wrong file is refused before any source is asked.
  const read = readAlertPayload(value);
  return read.ok ? { ok: true, value } : read;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
