/** The source could not be asked (down, timed out, not configured). Becomes an investigation gap. */
export class SourceUnavailableError extends Error {
  readonly retryable = true;
  constructor(
    readonly source: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "SourceUnavailableError";
  }
}

/** The source answered but refused the query (bad PromQL/LogQL, unsupported feature). */
export class SourceQueryError extends Error {
  readonly retryable = false;
  constructor(
    readonly source: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "SourceQueryError";
  }
}
