import type { LogQueryOptions, LogSource, LogStream } from "../../src/ports/log-source.ts";
import { SourceQueryError, SourceUnavailableError } from "../../src/ports/source-errors.ts";
import { createHttpJsonClient, excerpt } from "../live/http-json-client.ts";
import { collectLokiPages, type LokiPage } from "./collect-loki-pages.ts";

export type LokiAuth =
  | { kind: "bearer"; token: string }
  | { kind: "basic"; username: string; password: string };

export interface LokiSourceOptions {
  /** Base URL of Loki (or the gateway in front of it), path prefix included. */
  url: string;
  /** Sent as `X-Scope-OrgID` for multi-tenant Loki (Grafana Cloud, Mimir-style gateways). */
  tenant?: string;
  auth?: LokiAuth | null;
  /** Limit for one request. */
  timeoutMs?: number;
  /** Extra attempts after a 5xx, a 429, a network error or a timeout; 4xx is never retried. */
  retries?: number;
  retryDelayMs?: number;
  /** Lines asked per request; Loki refuses more than `max_entries_limit_per_query` (default 5000). */
  pageSize?: number;
  fetch?: typeof fetch;
}

/**
 * `LogSource` over Loki's `/loki/api/v1/query_range`. A result that fills the page is continued
 * from its last timestamp (the lines on that boundary come back and are dropped as duplicates) until
 * `limit` lines are in hand or the range is exhausted. A query Loki rejects is a `SourceQueryError`
 * in Loki's words; a Loki that cannot answer is a `SourceUnavailableError`.
 */
export function createLokiSource(options: LokiSourceOptions): LogSource {
  const headers: Record<string, string> = {};
  if (options.tenant) headers["x-scope-orgid"] = options.tenant;
  if (options.auth?.kind === "bearer") headers.authorization = `Bearer ${options.auth.token}`;
  if (options.auth?.kind === "basic") {
    const pair = `${options.auth.username}:${options.auth.password}`;
    headers.authorization = `Basic ${Buffer.from(pair).toString("base64")}`;
  }
  const client = createHttpJsonClient({
    source: "logs",
    system: "Loki",
    url: options.url,
    headers,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.retries !== undefined ? { retries: options.retries } : {}),
    ...(options.retryDelayMs !== undefined ? { retryDelayMs: options.retryDelayMs } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const pageSize = options.pageSize ?? 1000;

  async function fetchPage(
    query: string,
    start: bigint,
    end: bigint,
    limit: number,
    direction: LogQueryOptions["direction"],
    signal?: AbortSignal,
  ): Promise<LokiPage> {
    const answer = await client.get(
      "loki/api/v1/query_range",
      { query, start: start.toString(), end: end.toString(), limit: String(limit), direction },
      signal,
    );
    if (answer.status === 400 || answer.status === 413 || answer.status === 422) {
      throw new SourceQueryError(
        "logs",
        `Loki rejected the query (${answer.status}): ${excerpt(answer.text)}`,
      );
    }
    // Anything else (a 404 from a wrong path prefix, a proxy's 405) is a Loki that cannot be asked here.
    if (answer.status >= 400) {
      throw new SourceUnavailableError(
        "logs",
        `Loki at ${client.endpoint} answered ${answer.status} to query_range: ${excerpt(answer.text)}`,
      );
    }
    const data = (answer.body as { status?: unknown; data?: { resultType?: unknown; result?: unknown } })
      .data;
    if (data?.resultType !== undefined && data.resultType !== "streams") {
      throw new SourceQueryError("logs", `expected a log query, Loki answered a ${String(data.resultType)}`);
    }
    if (!Array.isArray(data?.result)) {
      throw new SourceUnavailableError(
        "logs",
        `Loki at ${client.endpoint} answered query_range in an unknown shape`,
      );
    }
    return data.result as LokiPage;
  }

  return {
    async queryRange(query, range, queryOptions, signal): Promise<LogStream[]> {
      const { limit, direction } = queryOptions;
      if (!Number.isInteger(limit) || limit < 1) {
        throw new SourceQueryError("logs", `limit must be a positive integer, got ${limit}`);
      }
      if (direction !== "forward" && direction !== "backward") {
        throw new SourceQueryError("logs", `direction must be forward or backward, got ${String(direction)}`);
      }
      if (!Number.isFinite(range.start) || !Number.isFinite(range.end) || range.end < range.start) {
        throw new SourceQueryError("logs", "end timestamp must not be before start time");
      }
      return collectLokiPages({
        start: secondsToNanos(range.start),
        end: secondsToNanos(range.end),
        limit,
        direction,
        pageSize,
        fetchPage: (start, end, pageLimit) => fetchPage(query, start, end, pageLimit, direction, signal),
      });
    },
  };
}

function secondsToNanos(seconds: number): bigint {
  const whole = Math.floor(seconds);
  return BigInt(whole) * 1_000_000_000n + BigInt(Math.round((seconds - whole) * 1e9));
}
