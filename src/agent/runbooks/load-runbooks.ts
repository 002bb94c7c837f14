import type { Dirent } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseRunbook } from "./parse-runbook.ts";
import type { Runbook } from "./runbook.ts";
import { RunbookLoadError } from "./runbook-load-error.ts";

/**
 * Loads every `*.md` in `dir` except `README.md`, in file-name order. A missing folder, a bad
 * file or two files with one id throw `RunbookLoadError`: a broken runbook is a configuration
 * mistake to fix before serving, not something to skip quietly.
 */
export async function loadRunbooks(dir: string): Promise<Runbook[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new RunbookLoadError(dir, [{ field: null, message: "cannot read the runbooks folder" }], {
      cause: error,
    });
  }
  const files = entries
    .filter((entry) => entry.isFile() || entry.isSymbolicLink())
    .map((entry) => entry.name)
    .filter((name) => name.toLowerCase().endsWith(".md") && name.toLowerCase() !== "readme.md")
    .sort();
  const runbooks: Runbook[] = [];
  const fileById = new Map<string, string>();
  for (const name of files) {
    const file = join(dir, name);
    const runbook = parseRunbook(file, await read(file));
    const earlier = fileById.get(runbook.id);
    if (earlier !== undefined) {
      throw new RunbookLoadError(file, [
        { field: "id", message: `"${runbook.id}" is already used by ${earlier}` },
      ]);
    }
    fileById.set(runbook.id, file);
    runbooks.push(runbook);
  }
  return runbooks;
}

async function read(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    throw new RunbookLoadError(file, [{ field: null, message: "cannot read the file" }], { cause: error });
  }
}
