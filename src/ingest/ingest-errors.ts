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
