const GRPC_SERVER_ERRORS = new Set([
  "Unknown",
  "DeadlineExceeded",
  "ResourceExhausted",
  "Aborted",
  "Unimplemented",
  "Internal",
  "Unavailable",
  "DataLoss",
]);

/** Whether a request counter's outcome label value means the server failed the request. */
export function isErrorOutcome(label: string, value: string): boolean {
  if (label === "grpc_code") return GRPC_SERVER_ERRORS.has(value);
  const lower = value.toLowerCase();
  if (/^5\d\d$/.test(lower) || lower === "5xx") return true;
  return ["server_error", "error", "failure", "failed", "fail"].includes(lower);
}

/** Whether the outcome says the caller was throttled (HTTP 429, gRPC ResourceExhausted). */
export function isThrottledOutcome(label: string, value: string): boolean {
  if (label === "grpc_code") return value === "ResourceExhausted";
  return value === "429" || value.toLowerCase() === "too_many_requests";
}
