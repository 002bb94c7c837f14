import { createHash } from "node:crypto";
import { readFile, rename, writeFile } from "node:fs/promises";
import { FeatureFlagConflictError } from "../../src/ports/feature-flags.ts";
import { SourceUnavailableError } from "../../src/ports/source-errors.ts";
import type { FlagDocumentSource } from "./flag-document-source.ts";

/**
 * Flag definitions in a file flagd syncs from (`flagd start --uri file:…`). The version is the
 * content's SHA-256; a write re-reads and compares it first, then replaces the file atomically
 * (rename), so flagd never reads half a document.
 */
export function createFileFlagSource(path: string): FlagDocumentSource {
  const versionOf = (text: string) => createHash("sha256").update(text).digest("hex");
  const load = async () => {
    try {
      return await readFile(path, "utf8");
    } catch (error) {
      throw new SourceUnavailableError("feature-flags", `cannot read ${path}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  };
  return {
    describe: () => `file ${path}`,
    async read() {
      const text = await load();
      return { text, version: versionOf(text) };
    },
    async write(text, { version, key }) {
      if (versionOf(await load()) !== version) {
        throw new FeatureFlagConflictError(key, `${path} changed since it was read`);
      }
      const temporary = `${path}.vigil-${process.pid}`;
      await writeFile(temporary, text, "utf8");
      await rename(temporary, path);
      return { version: versionOf(text) };
    },
  };
}
