import { readdir, stat } from "node:fs/promises";
import { extname, join } from "node:path";
import { CASE_FILE_EXTENSIONS, CASE_FOLDER_FILE, loadReplayCase } from "./load-replay-case.ts";
import { ReplayCaseError } from "./replay-case-error.ts";
import type { ReplayCase } from "./replay-case-schema.ts";

export interface LoadedReplayCase {
  /** The case file, or the case folder for `<id>/case.yaml` cases. */
  file: string;
  replayCase: ReplayCase;
}

export interface LoadReplayCasesOptions {
  /** Keeps cases whose id or path contains this text (case-insensitive). */
  filter?: string;
}

export interface LoadReplayCasesResult {
  cases: LoadedReplayCase[];
  errors: ReplayCaseError[];
}

/**
 * Walks the folders (recursively, sorted, skipping dot-entries) and loads every case. A folder
 * holding `case.yaml` is one case. A broken case becomes an entry in `errors`, never a thrown
 * error, so one bad file cannot stop a run. Broken files are only reported when their path
 * passes the filter, since their id cannot be trusted.
 */
export async function loadReplayCases(
  dirs: string[],
  options: LoadReplayCasesOptions = {},
): Promise<LoadReplayCasesResult> {
  const errors: ReplayCaseError[] = [];
  const paths: string[] = [];
  for (const dir of dirs) {
    await collectCasePaths(dir, paths, errors, true);
  }
  const needle = options.filter?.toLowerCase();
  const matches = (text: string) => needle === undefined || text.toLowerCase().includes(needle);

  const settled = await Promise.allSettled(paths.map((path) => loadReplayCase(path)));
  const cases: LoadedReplayCase[] = [];
  const seen = new Map<string, string>();
  settled.forEach((outcome, index) => {
    const file = paths[index] as string;
    if (outcome.status === "rejected") {
      if (matches(file)) errors.push(asReplayCaseError(file, outcome.reason));
      return;
    }
    const replayCase = outcome.value;
    if (!matches(replayCase.id) && !matches(file)) return;
    const earlier = seen.get(replayCase.id);
    if (earlier !== undefined) {
      errors.push(
        new ReplayCaseError(file, [
          { path: "$.id", message: `duplicate id "${replayCase.id}" (also in ${earlier})` },
        ]),
      );
      return;
    }
    seen.set(replayCase.id, file);
    cases.push({ file, replayCase });
  });
  return { cases, errors };
}

async function collectCasePaths(path: string, out: string[], errors: ReplayCaseError[], top: boolean) {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (cause) {
    errors.push(new ReplayCaseError(path, [{ path: "$", message: "no such file or folder" }], { cause }));
    return;
  }
  if (!isDirectory) {
    // A file named directly is a case; inside a walk only case extensions count.
    if (top || (CASE_FILE_EXTENSIONS as readonly string[]).includes(extname(path).toLowerCase()))
      out.push(path);
    return;
  }
  const names = (await readdir(path)).filter((name) => !name.startsWith(".")).sort();
  if (names.includes(CASE_FOLDER_FILE)) {
    out.push(path);
    return;
  }
  for (const name of names) {
    await collectCasePaths(join(path, name), out, errors, false);
  }
}

function asReplayCaseError(file: string, reason: unknown): ReplayCaseError {
  if (reason instanceof ReplayCaseError) return reason;
  const message = reason instanceof Error ? reason.message : String(reason);
  return new ReplayCaseError(file, [{ path: "$", message }], { cause: reason });
}
