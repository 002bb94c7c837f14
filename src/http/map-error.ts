import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { IngestOverloadedError, InvalidPayloadError, UnauthorizedError } from "../ingest/ingest-errors.ts";
import { isDatabaseUnavailable } from "../store/store-errors.ts";
import { MalformedJsonError, PayloadTooLargeError } from "./http-errors.ts";

export interface MappedError {
  status: ContentfulStatusCode;
  /** Stable, machine-readable; also the delivery outcome in metrics and spans. */
  code: string;
  message: string;
  field?: string;
}

/** The one translation from errors to HTTP answers: `{ error: { code, message } }`. */
export function mapError(error: unknown): MappedError {
  if (error instanceof PayloadTooLargeError)
    return { status: 413, code: "payload_too_large", message: error.message };
  if (error instanceof MalformedJsonError)
    return { status: 400, code: "malformed_json", message: error.message };
  if (error instanceof InvalidPayloadError) {
    return {
      status: 400,
      code: "invalid_payload",
      message: error.message,
      ...(error.field === null ? {} : { field: error.field }),
    };
  }
  if (error instanceof UnauthorizedError)
    return { status: 401, code: "unauthorized", message: error.message };
  // Both senders retry on 5xx, so "try again later" is the right answer while Postgres is away.
  if (isDatabaseUnavailable(error)) {
    return { status: 503, code: "database_unavailable", message: "the database is unreachable; retry later" };
  }
  if (error instanceof IngestOverloadedError) {
    return {
      status: 503,
      code: "overloaded",
      message:
        "more deliveries are waiting to be stored than Vigil takes on; nothing was stored, retry later",
    };
  }
  if (error instanceof HTTPException) {
    return { status: error.status as ContentfulStatusCode, code: "http_error", message: error.message };
  }
  return { status: 500, code: "internal_error", message: "internal error" };
}
