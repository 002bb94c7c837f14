import { readFile, stat } from "node:fs/promises";
import { basename, dirname, extname, join } from "node:path";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { mapZodIssues, ReplayCaseError, replayErrorMap } from "./replay-case-error.ts";
import {
  caseHeadSchema,
  type ReplayCase,
  replayCaseSchema,
  SOURCE_KEYS,
  sourcesSchema,
  sourcesSchemas,
} from "./replay-case-schema.ts";

export type { ReplayCase } from "./replay-case-schema.ts";

/** The file a case folder is recognised by. */
export const CASE_FOLDER_FILE = "case.yaml";
export const CASE_FILE_EXTENSIONS = [".json", ".yaml", ".yml"] as const;

const folderCaseSchema = caseHeadSchema.extend({ sources: sourcesSchema.optional() });

/**
 * Loads one replay case: a `*.json` / `*.yaml` / `*.yml` file, or a case folder holding
 * `case.yaml` plus optional `<source>.json` files. Anything that breaks the contract throws a
 * `ReplayCaseError` naming the file and JSON path.
 */
export async function loadReplayCase(path: string): Promise<ReplayCase> {
  const info = await stat(path).catch((cause: unknown) => {
    throw new ReplayCaseError(path, [{ path: "$", message: describeIoError(cause) }], { cause });
  });
  // Naming a folder's case.yaml means the whole folder, side files included.
  const folder = info.isDirectory() ? path : basename(path) === CASE_FOLDER_FILE ? dirname(path) : null;
  const replayCase = folder === null ? await loadCaseFile(path) : await loadCaseFolder(folder);
  checkReferences(folder === null ? path : join(folder, CASE_FOLDER_FILE), replayCase);
  return replayCase;
}

async function loadCaseFile(file: string): Promise<ReplayCase> {
  return validate(file, replayCaseSchema, await readStructured(file));
}

async function loadCaseFolder(folder: string): Promise<ReplayCase> {
  const caseFile = join(folder, CASE_FOLDER_FILE);
  const head = validate(caseFile, folderCaseSchema, await readStructured(caseFile));
  const sources: Record<string, unknown> = { ...head.sources };
  for (const key of SOURCE_KEYS) {
    const sideFile = join(folder, `${key}.json`);
    if (!(await isFile(sideFile))) continue;
    if (head.sources?.[key] !== undefined) {
      throw new ReplayCaseError(caseFile, [
        { path: `$.sources.${key}`, message: `also given in ${sideFile}; keep one of the two` },
      ]);
    }
    sources[key] = validate(sideFile, sourcesSchemas[key], await readStructured(sideFile));
  }
  return { ...head, sources } as ReplayCase;
}

function validate<T extends z.ZodType>(file: string, schema: T, data: unknown): z.output<T> {
  const result = schema.safeParse(data, { error: replayErrorMap });
  if (result.success) return result.data;
  throw new ReplayCaseError(file, mapZodIssues(result.error.issues));
}

async function readStructured(file: string): Promise<unknown> {
  const extension = extname(file).toLowerCase();
  if (!(CASE_FILE_EXTENSIONS as readonly string[]).includes(extension)) {
    throw new ReplayCaseError(file, [{ path: "$", message: "expected a .json, .yaml or .yml file" }]);
  }
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    throw new ReplayCaseError(file, [{ path: "$", message: describeIoError(cause) }], { cause });
  }
  try {
    // YAML 1.2 core schema: timestamps stay strings, so `now` is checked as written.
    return extension === ".json" ? JSON.parse(text) : parseYaml(text, { maxAliasCount: -1 });
  } catch (cause) {
    const kind = extension === ".json" ? "JSON" : "YAML";
    const detail = cause instanceof Error ? cause.message.split("\n")[0] : String(cause);
    throw new ReplayCaseError(file, [{ path: "$", message: `not valid ${kind}: ${detail}` }], { cause });
  }
}

/** Checks the schema cannot express: ids that must point at recorded data. */
function checkReferences(file: string, replayCase: ReplayCase): void {
  const changeId = replayCase.expected.rootCause.change;
  const changes = replayCase.sources.changes;
  // Without a changes source the reference cannot be checked: the case models a source that is down.
  if (changeId === undefined || changes === undefined) return;
  if (!changes.some((change) => change.id === changeId)) {
    throw new ReplayCaseError(file, [
      { path: "$.expected.rootCause.change", message: `no change with id "${changeId}" in sources.changes` },
    ]);
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

function describeIoError(cause: unknown): string {
  const code = (cause as { code?: string } | null)?.code;
  if (code === "ENOENT") return "no such file or folder";
  if (code === "EACCES") return "permission denied";
  return cause instanceof Error ? cause.message : String(cause);
}
