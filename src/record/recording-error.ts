/** A recording that cannot be turned into a valid case; the message says what to change. */
export class RecordingError extends Error {
  readonly retryable = false;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RecordingError";
  }
}
