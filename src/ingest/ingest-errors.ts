/** The request body is not what the sender's protocol promises; `field` names where (a zod path). */
export class InvalidPayloadError extends Error {
  override readonly name = "InvalidPayloadError";
  readonly retryable = false;
  constructor(
    message: string,
    readonly field: string | null,
  ) {
    super(message);
  }
}

/** Missing or wrong credentials (bearer token, PagerDuty signature). */
export class UnauthorizedError extends Error {
  override readonly name = "UnauthorizedError";
  readonly retryable = false;
}

/**
 * More deliveries are waiting for a transaction than ingest takes on: this one is refused before
 * anything of it is stored, and the sender retries (both senders retry a 503).
 */
export class IngestOverloadedError extends Error {
  override readonly name = "IngestOverloadedError";
  readonly retryable = true;
}
