import type { LogQueryOptions, LogSource, LogStream } from "../../src/ports/log-source.ts";
import { SourceQueryError } from "../../src/ports/source-errors.ts";
import type { TimeRange } from "../../src/ports/time-range.ts";
import { type LogSelector, parseLogql } from "./logql/parse-logql.ts";
import { matchesAll } from "./promql/label-matcher.ts";
import { labelKey } from "./promql/step-vector.ts";

export interface RecordedStream {
  stream: Record<string, string>;
  values: ReadonlyArray<readonly [string, string]>;
}

interface StoredStream {
  labels: Record<string, string>;
  key: string;
  /** Ascending by time; nanoseconds as bigint because they exceed float precision. */
  entries: Array<{ time: bigint; line: string }>;
}

interface Hit {
  stream: StoredStream;
  time: bigint;
  line: string;
}

const NANOS_PER_SECOND = 1_000_000_000n;

/**
 * A `LogSource` answering LogQL stream queries from recorded Loki streams as Loki would have at
 * `nowSeconds`: lines after it do not exist; `start` is inclusive and `end` exclusive; `limit`
 * counts lines across all streams, newest first for `backward`.
 */
export function createReplayLogSource(options: {
  streams: readonly RecordedStream[];
  nowSeconds: number;
}): LogSource {
  const now = secondsToNanos(options.nowSeconds);
  const streams: StoredStream[] = options.streams.map((recorded) => ({
    labels: { ...recorded.stream },
    key: labelKey(recorded.stream),
    entries: recorded.values
      .map(([time, line]) => ({ time: BigInt(time), line }))
      .filter((entry) => entry.time <= now)
      .sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0)),
  }));
  const parsed = new Map<string, LogSelector>();

  return {
    async queryRange(
      query: string,
      range: Omit<TimeRange, "stepSeconds">,
      queryOptions: LogQueryOptions,
      signal?: AbortSignal,
    ): Promise<LogStream[]> {
      signal?.throwIfAborted();
      const { limit, direction } = queryOptions;
      if (!Number.isInteger(limit) || limit < 1)
        throw new SourceQueryError("logs", `limit must be a positive integer, got ${limit}`);
      if (direction !== "forward" && direction !== "backward") {
        throw new SourceQueryError("logs", `direction must be forward or backward, got ${String(direction)}`);
      }
      if (!Number.isFinite(range.start) || !Number.isFinite(range.end) || range.end < range.start) {
        throw new SourceQueryError("logs", "end timestamp must not be before start time");
      }
      let selector = parsed.get(query);
      if (!selector) {
        selector = parseLogql(query);
        parsed.set(query, selector);
      }
      const start = secondsToNanos(range.start);
      const end = secondsToNanos(range.end);
      const hits: Hit[] = [];
      for (const stream of streams) {
        if (!matchesAll(stream.labels, selector.matchers)) continue;
        for (const entry of stream.entries) {
          if (entry.time < start || entry.time >= end) continue;
          if (selector.filters.every((filter) => filter.test(entry.line))) hits.push({ stream, ...entry });
        }
      }
      const sign = direction === "forward" ? 1 : -1;
      hits.sort(
        (a, b) =>
          sign *
          (a.time < b.time
            ? -1
            : a.time > b.time
              ? 1
              : a.stream.key < b.stream.key
                ? -1
                : a.stream.key > b.stream.key
                  ? 1
                  : 0),
      );
      return groupByStream(hits.slice(0, limit));
    },
  };
}

function groupByStream(hits: Hit[]): LogStream[] {
  const byStream = new Map<StoredStream, LogStream>();
  for (const hit of hits) {
    let stream = byStream.get(hit.stream);
    if (!stream) {
      stream = { stream: { ...hit.stream.labels }, values: [] };
      byStream.set(hit.stream, stream);
    }
    stream.values.push([hit.time.toString(), hit.line]);
  }
  return [...byStream.entries()]
    .sort(([a], [b]) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(([, stream]) => stream);
}

export function secondsToNanos(seconds: number): bigint {
  const whole = Math.floor(seconds);
  return BigInt(whole) * NANOS_PER_SECOND + BigInt(Math.round((seconds - whole) * 1e9));
}
