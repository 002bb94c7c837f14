import { SourceUnavailableError } from "../../src/ports/source-errors.ts";

export interface HttpJsonClientOptions {
  /** The port name errors carry (`logs`, `changes`). */
  source: string;
  /** The system, for messages (`Loki`, `Argo CD`). */
  system: string;
  /** Base URL; credentials in it (`https://user:pass@host`) become a basic Authorization header. */
  url: string;
  headers?: Readonly<Record<string, string>>;
  /** Limit for one attempt, body included. */
  timeoutMs?: number;
  /** Extra attempts after a 5xx, a 429, a network error or a timeout. */
  retries?: number;
  /** First backoff; each further retry waits twice as long. */
  retryDelayMs?: number;
  fetch?: typeof fetch;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined when the body was not JSON (then see `text`). */
  body: unknown;
  text: string;
}

export interface HttpJsonClient {
  /** Origin and path, credentials removed: safe to print. */
  readonly endpoint: string;
  /**
   * GETs `path` (relative to the base URL, or an absolute URL from a Link header). Answers 2xx and
   * 4xx other than 401/403 for the caller to read; throws `SourceUnavailableError` for anything
   * that kept the system from answering (after retries) and for refused credentials.
   */
  get(
    path: string,
    query?: Readonly<Record<string, string | undefined>>,
    signal?: AbortSignal,
  ): Promise<HttpAnswer>;
}

const MAX_DELAY_MS = 5_000;

export function createHttpJsonClient(options: HttpJsonClientOptions): HttpJsonClient {
  const base = new URL(options.url);
  const headers = new Headers(options.headers);
  if (!headers.has("accept")) headers.set("accept", "application/json");
  if (base.username !== "" && !headers.has("authorization")) {
    const user = decodeURIComponent(base.username);
    const password = decodeURIComponent(base.password);
    headers.set("authorization", `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`);
  }
  base.username = "";
  base.password = "";
  const endpoint = base.toString().replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retries = options.retries ?? 2;
  const retryDelayMs = options.retryDelayMs ?? 200;
  const doFetch = options.fetch ?? fetch;
  const unavailable = (message: string, cause?: unknown) =>
    new SourceUnavailableError(options.source, `${options.system} at ${endpoint}: ${message}`, { cause });

  async function attempt(url: URL, signal: AbortSignal | undefined): Promise<HttpAnswer | Error> {
    const timeout = AbortSignal.timeout(timeoutMs);
    try {
      const response = await doFetch(url, {
        headers,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: parseJson(text), text };
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const why = timeout.aborted ? `timed out after ${timeoutMs} ms` : describe(error);
      return unavailable(`unreachable (${why})`, error);
    }
  }

  return {
    endpoint,
    async get(path, query = {}, signal) {
      const url = /^https?:\/\//.test(path)
        ? new URL(path)
        : new URL(`${endpoint}/${path.replace(/^\/+/, "")}`);
      for (const [name, value] of Object.entries(query))
        if (value !== undefined) url.searchParams.set(name, value);
      for (let tried = 0; ; tried++) {
        const answer = await attempt(url, signal);
        const retryable = answer instanceof Error || answer.status >= 500 || answer.status === 429;
        if (retryable && tried < retries) {
          await sleep(Math.min(retryDelayMs * 2 ** tried, MAX_DELAY_MS), signal);
          continue;
        }
        if (answer instanceof Error) throw answer;
        if (retryable) throw unavailable(`answered ${answer.status}: ${excerpt(answer.text)}`);
        if (answer.status === 401 || answer.status === 403) {
          throw unavailable(`refused the credentials (${answer.status}): ${excerpt(answer.text)}`);
        }
        if (answer.status < 300 && answer.body === undefined) {
          throw unavailable(`answered ${url.pathname} with a body that is not JSON`);
        }
        return answer;
      }
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return text === "" ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The first line or so of an error body: enough to diagnose, short enough for a gap message. */
export function excerpt(text: string): string {
  const flat = text.trim().replace(/\s+/g, " ");
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat || "(empty body)";
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
