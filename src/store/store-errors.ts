/**
 * The database could not be reached or dropped the connection mid-transaction. Nothing was
 * committed (or, at worst, a commit whose answer was lost: the sender's retry then finds it as a
 * duplicate). Retryable: webhooks answer 503 so that the sender retries.
 */
export class StoreUnavailableError extends Error {
  override readonly name = "StoreUnavailableError";
  readonly retryable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

const CONNECTION_ERROR_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);

// SQLSTATEs that mean "the server is going away, overloaded, or gave up on us", not "your query is wrong":
// class 08 connection exception, 53 insufficient resources, 57P0x shutdown, 57014 statement timeout,
// 40001/40P01 serialization failure and deadlock (safe to retry).
const RETRYABLE_SQLSTATE = /^(08...|53...|57P0.|57014|40001|40P01)$/;

const CONNECTION_MESSAGES = [
  "Connection terminated",
  "timeout exceeded when trying to connect",
  "Client has encountered a connection error",
  "Client was closed and is not queryable",
  "connect ECONNREFUSED",
];

/** True when `error` (from pg or kysely) says the database is unreachable rather than that a query is wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof StoreUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  const { code, syscall } = error as { code?: unknown; syscall?: unknown };
  if (typeof code === "string" && (CONNECTION_ERROR_CODES.has(code) || RETRYABLE_SQLSTATE.test(code))) {
    return true;
  }
  // A Unix socket that is gone: the server is not running.
  if (code === "ENOENT" && syscall === "connect") return true;
  if (error instanceof AggregateError && error.errors.some(isDatabaseUnavailable)) return true;
  if (CONNECTION_MESSAGES.some((message) => error.message.includes(message))) return true;
  return error.cause !== undefined && error.cause !== error && isDatabaseUnavailable(error.cause);
}

/** Runs `operation`, turning "database unreachable" failures into StoreUnavailableError. */
export async function withStoreErrors<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof StoreUnavailableError || !isDatabaseUnavailable(error)) throw error;
    throw new StoreUnavailableError(
      `database unavailable: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
}
