export { loadRunbooks } from "./load-runbooks.ts";
export type { RunbookQuery } from "./match-runbooks.ts";
export { matchRunbooks } from "./match-runbooks.ts";
export { parseRunbook } from "./parse-runbook.ts";
export type { Runbook, RunbookMatch, RunbookSeverity } from "./runbook.ts";
export type { RunbookProblem } from "./runbook-load-error.ts";
export { RunbookLoadError } from "./runbook-load-error.ts";
export { runbookFrontMatterSchema } from "./runbook-schema.ts";
