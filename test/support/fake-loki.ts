/**
 * A loopback Loki for tests: `GET|POST /loki/api/v1/query_range` over the given streams (Loki
 * `streams` form, nanosecond timestamps), answering as Loki does — stream selectors and line filters
 * (the replay LogQL subset), `start` inclusive and `end` exclusive (nanoseconds, seconds or RFC 3339),
 * `limit` across all streams (default 100, at most `maxEntriesLimit`), `direction` (default backward),
 * a JSON envelope with `resultType: "streams"`, and Loki's plain-text 400 for a bad query. Optional
 * `tenant` (requires `X-Scope-OrgID`; another tenant sees nothing) and `bearerToken`/`basic` auth.
 * `requests` records every query's parameters and headers; `failNext(count, status)` and
 * `delayNext(count, ms)` simulate an unhealthy Loki; `stop()` closes it.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { parseLogql } from "../../integrations/replay/logql/parse-logql.ts";
import { matchesAll } from "../../integrations/replay/promql/label-matcher.ts";
import type { LogStream } from "../../src/ports/log-source.ts";

export interface RecordedLokiRequest {
  path: string;
  params: Record<string, string>;
  headers: { authorization?: string; tenant?: string };
}

export interface FakeLoki {
  url: string;
  requests: RecordedLokiRequest[];
  failNext(count: number, status?: number): void;
  delayNext(count: number, ms: number): void;
  stop(): Promise<void>;
}

export interface FakeLokiOptions {
  streams: LogStream[];
  tenant?: string;
  bearerToken?: string;
  basic?: { username: string; password: string };
  maxEntriesLimit?: number;
}

interface Hit {
  labels: Record<string, string>;
  key: string;
  time: bigint;
  line: string;
}

export async function startFakeLoki(options: FakeLokiOptions): Promise<FakeLoki> {
  const requests: RecordedLokiRequest[] = [];
  const failures = { count: 0, status: 500 };
  const delays = { count: 0, ms: 0 };
  const maxEntries = options.maxEntriesLimit ?? 5000;
  const stored = options.streams.map((stream) => ({
    labels: stream.stream,
    key: JSON.stringify(Object.entries(stream.stream).sort()),
    entries: stream.values.map(([time, line]) => ({ time: BigInt(time), line })),
  }));
  const expectedAuth = options.bearerToken
    ? `Bearer ${options.bearerToken}`
    : options.basic
      ? `Basic ${Buffer.from(`${options.basic.username}:${options.basic.password}`).toString("base64")}`
      : undefined;

  async function handle(request: IncomingMessage): Promise<[number, string, unknown]> {
    const url = new URL(request.url ?? "/", "http://loki");
    const body = await readBody(request);
    const params = Object.fromEntries(url.searchParams);
    if (request.method === "POST") Object.assign(params, Object.fromEntries(new URLSearchParams(body)));
    const tenant = header(request, "x-scope-orgid");
    const authorization = header(request, "authorization");
    requests.push({
      path: url.pathname,
      params,
      headers: { ...(authorization ? { authorization } : {}), ...(tenant ? { tenant } : {}) },
    });
    if (delays.count > 0) {
      delays.count--;
      await new Promise((resolve) => setTimeout(resolve, delays.ms));
    }
    if (failures.count > 0) {
      failures.count--;
      return [failures.status, "text", "injected failure\n"];
    }
    if (expectedAuth !== undefined && authorization !== expectedAuth) return [401, "text", "Unauthorized\n"];
    if (options.tenant !== undefined && !tenant) return [401, "text", "no org id\n"];
    if (url.pathname !== "/loki/api/v1/query_range") return [404, "text", "404 page not found\n"];

    const end = params.end ? parseTime(params.end) : BigInt(Date.now()) * 1_000_000n;
    const start = params.start ? parseTime(params.start) : (end ?? 0n) - 3_600_000_000_000n;
    const limit = Number(params.limit ?? 100);
    const direction = params.direction ?? "backward";
    if (start === null || end === null) return [400, "text", "invalid start or end time\n"];
    if (end <= start) return [400, "text", "end timestamp must not be before or equal to start time\n"];
    if (!Number.isInteger(limit) || limit <= 0) return [400, "text", "limit must be a positive value\n"];
    if (limit > maxEntries) {
      return [
        400,
        "text",
        `max entries limit per query exceeded, limit > max_entries_limit (${limit} > ${maxEntries})\n`,
      ];
    }
    if (direction !== "forward" && direction !== "backward") return [400, "text", "invalid direction\n"];
    let selector: ReturnType<typeof parseLogql>;
    try {
      selector = parseLogql(params.query ?? "");
    } catch (error) {
      return [400, "text", `parse error : ${error instanceof Error ? error.message : String(error)}\n`];
    }
    const visible = options.tenant === undefined || tenant === options.tenant ? stored : [];
    const hits: Hit[] = [];
    for (const stream of visible) {
      if (!matchesAll(stream.labels, selector.matchers)) continue;
      for (const entry of stream.entries) {
        if (entry.time < start || entry.time >= end) continue;
        if (selector.filters.every((filter) => filter.test(entry.line))) hits.push({ ...stream, ...entry });
      }
    }
    const sign = direction === "forward" ? 1 : -1;
    hits.sort((a, b) => sign * (a.time < b.time ? -1 : a.time > b.time ? 1 : a.key < b.key ? -1 : 1));
    const result = new Map<string, { stream: Record<string, string>; values: Array<[string, string]> }>();
    for (const hit of hits.slice(0, limit)) {
      const stream = result.get(hit.key) ?? { stream: { ...hit.labels }, values: [] };
      stream.values.push([hit.time.toString(), hit.line]);
      result.set(hit.key, stream);
    }
    const lines = Math.min(hits.length, limit);
    return [
      200,
      "json",
      {
        status: "success",
        data: {
          resultType: "streams",
          result: [...result.values()],
          stats: { summary: { totalEntriesReturned: lines, totalLinesProcessed: hits.length } },
        },
      },
    ];
  }

  const server = createServer((request, response) => {
    handle(request)
      .catch((error: unknown): [number, string, unknown] => [500, "text", `${String(error)}\n`])
      .then(([status, kind, body]) => {
        response.writeHead(status, {
          "content-type": kind === "json" ? "application/json; charset=UTF-8" : "text/plain; charset=utf-8",
        });
        response.end(kind === "json" ? JSON.stringify(body) : String(body));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    failNext(count, status = 500) {
      failures.count = count;
      failures.status = status;
    },
    delayNext(count, ms) {
      delays.count = count;
      delays.ms = ms;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Loki's rules: RFC 3339, a decimal (seconds), or an integer (seconds up to 10 digits, else nanoseconds). */
function parseTime(value: string): bigint | null {
  if (/^\d+$/.test(value)) return value.length <= 10 ? BigInt(value) * 1_000_000_000n : BigInt(value);
  if (/^\d+\.\d+$/.test(value)) {
    const [whole = "0", fraction = ""] = value.split(".");
    return BigInt(whole) * 1_000_000_000n + BigInt(fraction.padEnd(9, "0").slice(0, 9));
  }
  const millis = Date.parse(value);
  return Number.isNaN(millis) ? null : BigInt(millis) * 1_000_000n;
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
