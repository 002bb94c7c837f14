/** The body is larger than Vigil accepts (1 MiB). */
export class PayloadTooLargeError extends Error {
  override readonly name = "PayloadTooLargeError";
  readonly retryable = false;
  constructor(readonly limitBytes: number) {
    super(`request body exceeds ${limitBytes} bytes`);
  }
}

/** The body is not JSON at all. */
export class MalformedJsonError extends Error {
  override readonly name = "MalformedJsonError";
  readonly retryable = false;
}
