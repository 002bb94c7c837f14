import { api } from "@pagerduty/pdjs";

export interface RetryPolicy {
  /** Tries per call, the first included. */
  attempts: number;
  /** Wait before the second try; doubled before each later one. */
  baseDelayMs: number;
  /** Longest wait between tries, also the cap on a server's `Retry-After`. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 8_000 };

export type PagerdutyCallResult<T> =
  | { ok: true; value: T; attempts: number }
  | {
      ok: false;
      /** HTTP status, or null when no answer came (connection refused, timeout). */
      status: number | null;
      /** PagerDuty's error code (`error.code` in the body), when it sent one. */
      code: number | null;
      /** Safe to log: PagerDuty's message, never a header. */
      message: string;
      attempts: number;
    };

export interface PagerdutyIncidentSummary {
  id: string;
  status: "triggered" | "acknowledged" | "resolved";
}

export interface PagerdutyWritebackClient {
  getIncident(incidentId: string): Promise<PagerdutyCallResult<PagerdutyIncidentSummary>>;
  acknowledge(incidentId: string): Promise<PagerdutyCallResult<PagerdutyIncidentSummary>>;
  /** Adds a note; the value is the id PagerDuty gave it. */
  addNote(incidentId: string, content: string): Promise<PagerdutyCallResult<{ noteId: string }>>;
}

export interface PagerdutyWritebackClientDeps {
  token: string;
  /** e.g. `https://api.pagerduty.com`, no trailing slash. */
  apiUrl: string;
  /** The `From` header for writes; null sends none. */
  fromEmail: string | null;
  retry?: RetryPolicy;
  requestTimeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

// PagerDuty caps note content; longer notes are refused with 400, so we cut them ourselves.
export const MAX_NOTE_CHARS = 25_000;

type Attempt =
  | { kind: "answer"; status: number; body: unknown; headers: Headers | null }
  | { kind: "no-answer"; message: string };

/**
 * The three REST calls write-back needs, through pdjs. pdjs already retries a 429 three times
 * (`retryTimeout` apart); on top of that a 429, a 5xx or no answer at all is retried here with
 * exponential backoff, honouring `Retry-After` / `ratelimit-reset`. Other answers are final.
 * Results are values; nothing here throws, and no message ever contains the token.
 */
export function createPagerdutyWritebackClient({
  token,
  apiUrl,
  fromEmail,
  retry = DEFAULT_RETRY_POLICY,
  requestTimeoutMs = 10_000,
  sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
}: PagerdutyWritebackClientDeps): PagerdutyWritebackClient {
  const redact = (text: string) => text.split(token).join("[redacted]");
  const writeHeaders: Record<string, string> = fromEmail === null ? {} : { From: fromEmail };

  async function attempt(method: "GET" | "PUT" | "POST", path: string, data?: object): Promise<Attempt> {
    try {
      const response = await api({
        token,
        url: `${apiUrl}${path}`,
        method,
        ...(data === undefined ? {} : { data }),
        headers: method === "GET" ? {} : writeHeaders,
        retryTimeout: retry.baseDelayMs,
        // pdjs's own "timeout" is an empty timer that holds the process open; the signal really aborts.
        requestTimeout: 0,
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
      return { kind: "answer", status: response.status, body: response.data, headers: response.headers };
    } catch (error) {
      // pdjs rejects with the response itself when the body is not JSON (a proxy's HTML 502).
      if (isResponseLike(error)) return { kind: "answer", status: error.status, body: null, headers: null };
      return { kind: "no-answer", message: redact(error instanceof Error ? error.message : String(error)) };
    }
  }

  async function call<T>(
    method: "GET" | "PUT" | "POST",
    path: string,
    data: object | undefined,
    read: (body: unknown) => T | null,
  ): Promise<PagerdutyCallResult<T>> {
    for (let tries = 1; ; tries += 1) {
      const answer = await attempt(method, path, data);
      if (answer.kind === "answer" && answer.status >= 200 && answer.status < 300) {
        const value = read(answer.body);
        if (value !== null) return { ok: true, value, attempts: tries };
        return failure(answer.status, null, "PagerDuty answered with an unexpected body", tries);
      }
      const retryable = answer.kind === "no-answer" || answer.status === 429 || answer.status >= 500;
      if (!retryable || tries >= retry.attempts) {
        if (answer.kind === "no-answer") return failure(null, null, answer.message, tries);
        const error = errorOf(answer.body);
        return failure(answer.status, error.code, redact(error.message ?? `HTTP ${answer.status}`), tries);
      }
      const backoff = Math.min(retry.baseDelayMs * 2 ** (tries - 1), retry.maxDelayMs);
      const asked = answer.kind === "answer" ? retryAfterMs(answer.headers) : null;
      await sleep(asked === null ? backoff : Math.min(asked, retry.maxDelayMs));
    }
  }

  const incidentPath = (id: string) => `/incidents/${encodeURIComponent(id)}`;
  return {
    getIncident: (id) => call("GET", incidentPath(id), undefined, readIncident),
    acknowledge: (id) =>
      call(
        "PUT",
        incidentPath(id),
        { incident: { type: "incident_reference", status: "acknowledged" } },
        readIncident,
      ),
    addNote: (id, content) =>
      call("POST", `${incidentPath(id)}/notes`, { note: { content: truncate(content) } }, (body) => {
        const noteId = field(field(body, "note"), "id");
        return typeof noteId === "string" ? { noteId } : null;
      }),
  };
}

function failure(status: number | null, code: number | null, message: string, attempts: number) {
  return { ok: false as const, status, code, message, attempts };
}

function readIncident(body: unknown): PagerdutyIncidentSummary | null {
  const incident = field(body, "incident");
  const id = field(incident, "id");
  const status = field(incident, "status");
  if (typeof id !== "string") return null;
  if (status !== "triggered" && status !== "acknowledged" && status !== "resolved") return null;
  return { id, status };
}

/** PagerDuty errors read `{"error": {"message", "code", "errors": [...]}}`. */
function errorOf(body: unknown): { code: number | null; message: string | null } {
  const error = field(body, "error");
  const code = field(error, "code");
  const message = field(error, "message");
  const details = field(error, "errors");
  const detail = Array.isArray(details) ? details.filter((d) => typeof d === "string").join("; ") : "";
  return {
    code: typeof code === "number" ? code : null,
    message: typeof message === "string" ? (detail === "" ? message : `${message}: ${detail}`) : null,
  };
}

function retryAfterMs(headers: Headers | null): number | null {
  const value = headers?.get("retry-after") ?? headers?.get("ratelimit-reset");
  if (value === null || value === undefined) return null;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : null;
}

function truncate(content: string): string {
  return content.length <= MAX_NOTE_CHARS ? content : `${content.slice(0, MAX_NOTE_CHARS - 1)}…`;
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function isResponseLike(value: unknown): value is { status: number } {
  return (
    typeof value === "object" && value !== null && typeof (value as { status?: unknown }).status === "number"
  );
}
