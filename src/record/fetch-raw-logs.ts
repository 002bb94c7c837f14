import { parseLogql } from "../../integrations/replay/logql/parse-logql.ts";
import { mapLimit } from "../agent/investigators/map-limit.ts";
import type { LogSource, LogStream } from "../ports/log-source.ts";
import { renderSelector } from "./metric-selectors.ts";
import type { RecordedCalls } from "./recorded-calls.ts";
import { seriesKey } from "./series-collector.ts";

export interface FetchRawLogsInput {
  logs: LogSource;
  queries: RecordedCalls["logQueries"];
  range: { start: number; end: number };
  /** The most lines fetched per stream selector (Loki's own default cap is 5,000). */
  lineLimit: number;
  concurrency: number;
  signal?: AbortSignal;
}

/**
 * The log lines a replay needs: every line the investigation's queries returned (so each query
 * replays to the same answer: a line the live source had can only be added, never change which
 * newest-N lines a query sees), plus the newest lines of each query's stream selector, without its
 * line filters, over the whole recorded range, for whoever reads the case later.
 */
export async function fetchRawLogs(
  input: FetchRawLogsInput,
): Promise<{ streams: LogStream[]; warnings: string[] }> {
  const warnings: string[] = [];
  const selectors = new Set<string>();
  for (const { query } of input.queries) {
    try {
      selectors.add(renderSelector(parseLogql(query).matchers));
    } catch (error) {
      warnings.push(`logs: kept only the answer of ${query}: ${messageOf(error)}`);
    }
  }
  const fetched = await mapLimit([...selectors], input.concurrency, async (selector) => {
    try {
      return await input.logs.queryRange(
        selector,
        input.range,
        { limit: input.lineLimit, direction: "backward" },
        input.signal,
      );
    } catch (error) {
      warnings.push(`logs: could not fetch ${selector}: ${messageOf(error)}`);
      return [];
    }
  });
  const answers = input.queries.flatMap((call) => call.result ?? []);
  return { streams: mergeStreams([...answers, ...fetched.flat()]), warnings };
}

/** One stream per label set, each line once, oldest first as the contract's streams read. */
export function mergeStreams(streams: readonly LogStream[]): LogStream[] {
  const byKey = new Map<string, { stream: Record<string, string>; lines: Map<string, [string, string]> }>();
  for (const { stream, values } of streams) {
    const key = seriesKey(stream);
    let entry = byKey.get(key);
    if (!entry) {
      entry = { stream: { ...stream }, lines: new Map() };
      byKey.set(key, entry);
    }
    for (const [time, line] of values) entry.lines.set(`${time}\u0000${line}`, [time, line]);
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, { stream, lines }]) => ({ stream, values: [...lines.values()].sort(byTime) }));
}

/** Nanosecond timestamps are decimal strings without leading zeros: shorter is earlier. */
function byTime([a]: [string, string], [b]: [string, string]): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
