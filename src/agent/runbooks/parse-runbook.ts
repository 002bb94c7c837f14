import { parse as parseYaml } from "yaml";
import type { Runbook } from "./runbook.ts";
import { RunbookLoadError } from "./runbook-load-error.ts";
import { runbookFrontMatterSchema } from "./runbook-schema.ts";

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** Parses one runbook's text; `file` is only used to name it, and in errors. Throws `RunbookLoadError`. */
export function parseRunbook(file: string, text: string): Runbook {
  const block = FRONT_MATTER.exec(text);
  if (block === null) {
    throw new RunbookLoadError(file, [
      { field: null, message: "missing YAML front matter between --- lines" },
    ]);
  }
  let raw: unknown;
  try {
    raw = parseYaml(block[1] ?? "");
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new RunbookLoadError(
      file,
      [{ field: null, message: `front matter is not valid YAML: ${message}` }],
      {
        cause: error,
      },
    );
  }
  const parsed = runbookFrontMatterSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    throw new RunbookLoadError(
      file,
      parsed.error.issues.flatMap((issue) => {
        const path = issue.path.map(String);
        // An unknown key is reported on its parent; name the key itself, it is usually a typo.
        const keys = issue.code === "unrecognized_keys" ? issue.keys : [null];
        return keys.map((key) => {
          const field = key === null ? path : [...path, key];
          return {
            field: field.length === 0 ? null : field.join("."),
            message: key === null ? issue.message : "is not a known field",
          };
        });
      }),
    );
  }
  const body = text.slice(block[0].length).trim();
  if (body.length === 0) {
    throw new RunbookLoadError(file, [{ field: null, message: "has no body after the front matter" }]);
  }
  const { severity, ...rest } = parsed.data;
  return { ...rest, ...(severity === undefined ? {} : { severity }), file, body };
}
