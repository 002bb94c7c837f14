import type { z } from "zod";

export interface ReplayCaseProblem {
  /** JSON path inside `file`, e.g. `$.sources.metrics[3].values[7]`. */
  path: string;
  message: string;
}

/**
 * A case that breaks the replay-case contract. The message names the file and the JSON path of
 * the first problem, so a person can fix the case without reading the loader.
 */
export class ReplayCaseError extends Error {
  readonly retryable = false;
  readonly file: string;
  readonly path: string;
  readonly problems: ReplayCaseProblem[];

  constructor(file: string, problems: ReplayCaseProblem[], options?: { cause?: unknown }) {
    const first = problems[0] ?? { path: "$", message: "invalid case" };
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem(s))` : "";
    super(`${file}: ${first.path}: ${first.message}${more}`, options);
    this.name = "ReplayCaseError";
    this.file = file;
    this.path = first.path;
    this.problems = problems;
  }
}

export function formatJsonPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "$";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && /^[A-Za-z_$][\w$]*$/.test(key)) out += `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

/** Zod issues as problems; a failed union reports the branch that got furthest. */
export function mapZodIssues(
  issues: readonly z.core.$ZodIssue[],
  prefix: PropertyKey[] = [],
): ReplayCaseProblem[] {
  const problems: ReplayCaseProblem[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      const best = deepestBranch(issue.errors);
      problems.push(...mapZodIssues(best, path));
      continue;
    }
    problems.push({ path: formatJsonPath(path), message: issue.message });
  }
  return problems;
}

function deepestBranch(branches: z.core.$ZodIssue[][]): z.core.$ZodIssue[] {
  let best: z.core.$ZodIssue[] = branches[0] ?? [];
  let bestDepth = -1;
  for (const branch of branches) {
    const depth = Math.max(...branch.map((issue) => issue.path.length));
    if (depth > bestDepth) {
      best = branch;
      bestDepth = depth;
    }
  }
  return best;
}

/** Answers "required" instead of "expected string, received undefined" for a missing key. */
export const replayErrorMap = (issue: z.core.$ZodRawIssue): string | undefined =>
  (issue.code === "invalid_type" || issue.code === "invalid_value") && issue.input === undefined
    ? "required"
    : undefined;
