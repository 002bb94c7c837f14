import { SourceQueryError, SourceUnavailableError } from "../../src/ports/source-errors.ts";

/** How Vigil proves who it is to Prometheus (or the proxy in front of it). */
export type PrometheusAuth =
  | { kind: "bearer"; token: string }
  | { kind: "basic"; username: string; password: string };

export interface PrometheusHttpOptions {
  /** Base URL of the Prometheus HTTP API, path prefix included (`https://host/prometheus`). */
  url: string;
  auth?: PrometheusAuth | null;
  /** Limit for one attempt, body included. */
  timeoutMs?: number;
  /** Extra attempts after a 5xx, a network error or a timeout; 4xx is never retried. */
  retries?: number;
  /** First backoff; each further retry waits twice as long (capped at 5 s). */
  retryDelayMs?: number;
  /** Sent with every request (tenant ids, proxy headers); auth wins over a header of the same name. */
  headers?: Readonly<Record<string, string>>;
  fetch?: typeof fetch;
}

export interface PrometheusHttpClient {
  /** Origin and path of the API, credentials removed: safe to print. */
  readonly endpoint: string;
  /** POSTs a form to `api/v1/<path>` and returns the envelope's `data`. */
  post(path: string, form: URLSearchParams, signal?: AbortSignal): Promise<unknown>;
}

const SOURCE = "metrics";
const MAX_DELAY_MS = 5_000;
const MAX_ERROR_TEXT = 500;

/** One failed attempt: whether another attempt may help, and what to say if none does. */
class AttemptFailed extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The Prometheus HTTP API over fetch: form POSTs (long selectors fit), per-attempt timeouts,
 * exponential backoff on 5xx and network errors, and errors mapped to the port's meaning — a query
 * Prometheus rejects (400/422) is a `SourceQueryError` with its own words; anything that keeps it from
 * answering is a `SourceUnavailableError`. Credentials never appear in a message.
 */
export function createPrometheusHttpClient(options: PrometheusHttpOptions): PrometheusHttpClient {
  const { base, urlAuth } = splitCredentials(options.url);
  const auth = options.auth ?? urlAuth;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retries = options.retries ?? 2;
  const retryDelayMs = options.retryDelayMs ?? 200;
  const doFetch = options.fetch ?? fetch;
  const headers = new Headers(options.headers);
  headers.set("accept", "application/json");
  if (auth?.kind === "bearer") headers.set("authorization", `Bearer ${auth.token}`);
  if (auth?.kind === "basic") {
    const pair = Buffer.from(`${auth.username}:${auth.password}`).toString("base64");
    headers.set("authorization", `Basic ${pair}`);
  }
  const endpoint = base.toString().replace(/\/$/, "");

  const attempt = async (path: string, form: URLSearchParams, signal?: AbortSignal): Promise<unknown> => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      const response = await doFetch(new URL(`api/v1/${path}`, base), {
        method: "POST",
        headers,
        body: form,
        signal: combined,
      });
      return await readEnvelope(response, path);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (error instanceof AttemptFailed || error instanceof SourceQueryError) throw error;
      if (timeout.aborted) {
        throw new AttemptFailed(`did not answer within ${timeoutMs} ms`, true, { cause: error });
      }
      throw new AttemptFailed(`could not be reached (${networkReason(error)})`, true, { cause: error });
    }
  };

  return {
    endpoint,
    async post(path, form, signal) {
      for (let tries = 0; ; tries += 1) {
        signal?.throwIfAborted();
        try {
          return await attempt(path, form, signal);
        } catch (error) {
          if (!(error instanceof AttemptFailed)) throw error;
          if (!error.retryable || tries >= retries) {
            const after = tries > 0 ? ` after ${tries + 1} attempts` : "";
            throw new SourceUnavailableError(SOURCE, `Prometheus at ${endpoint} ${error.message}${after}`, {
              cause: error,
            });
          }
          await sleep(Math.min(retryDelayMs * 2 ** tries, MAX_DELAY_MS), signal);
        }
      }
    },
  };
}

async function readEnvelope(response: Response, path: string): Promise<unknown> {
  const text = await response.text();
  const envelope = parseEnvelope(text);
  if (response.ok && envelope?.status === "success") return envelope.data;
  const said = envelope?.error ? `${envelope.errorType ?? "error"}: ${envelope.error}` : brief(text);
  if (response.status === 400 || response.status === 422 || (response.ok && envelope?.status === "error")) {
    throw new SourceQueryError(SOURCE, `Prometheus rejected the ${path} request: ${said}`);
  }
  if (response.ok) {
    throw new AttemptFailed(`answered ${path} with something that is not the Prometheus API: ${said}`, false);
  }
  const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
  const hint =
    response.status === 401 || response.status === 403 ? " (check the Prometheus credentials)" : "";
  throw new AttemptFailed(`answered ${status}${hint}: ${said}`, response.status >= 500);
}

interface Envelope {
  status?: unknown;
  data?: unknown;
  errorType?: string;
  error?: string;
}

function parseEnvelope(text: string): Envelope | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null) return null;
    const envelope = value as Record<string, unknown>;
    return {
      status: envelope.status,
      data: envelope.data,
      ...(typeof envelope.errorType === "string" ? { errorType: envelope.errorType } : {}),
      ...(typeof envelope.error === "string" ? { error: envelope.error } : {}),
    };
  } catch {
    return null;
  }
}

function brief(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat === "") return "empty body";
  return flat.length > MAX_ERROR_TEXT ? `${flat.slice(0, MAX_ERROR_TEXT)}…` : flat;
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof cause?.code === "string") return cause.code;
  if (typeof cause?.message === "string") return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * fetch refuses URLs with credentials in them, and they must never reach an error message: they
 * move into basic auth, and the base keeps a trailing slash so `api/v1/...` resolves under a prefix.
 */
function splitCredentials(url: string): { base: URL; urlAuth: PrometheusAuth | null } {
  const base = new URL(url);
  const urlAuth: PrometheusAuth | null = base.username
    ? {
        kind: "basic",
        username: decodeURIComponent(base.username),
        password: decodeURIComponent(base.password),
      }
    : null;
  base.username = "";
  base.password = "";
  base.search = "";
  base.hash = "";
  if (!base.pathname.endsWith("/")) base.pathname = `${base.pathname}/`;
  return { base, urlAuth };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
