export interface RunbookProblem {
  /** Front-matter field path such as `matches.0.alertname`, or null for the file as a whole. */
  field: string | null;
  message: string;
}

/** A runbook file that cannot be used. Names the file and every field that is wrong. */
export class RunbookLoadError extends Error {
  readonly retryable = false;
  readonly code = "runbook.invalid";
  readonly problems: RunbookProblem[];

  constructor(
    readonly file: string,
    problems: RunbookProblem[],
    options?: { cause?: unknown },
  ) {
    const described = problems.map((p) => (p.field === null ? p.message : `${p.field}: ${p.message}`));
    super(`runbook ${file}: ${described.join("; ")}`, options);
    this.name = "RunbookLoadError";
    this.problems = problems;
  }

  /** The first field at fault, or null when the file as a whole is. */
  get field(): string | null {
    return this.problems[0]?.field ?? null;
  }
}
