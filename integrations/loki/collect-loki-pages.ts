import type { LogQueryOptions, LogStream } from "../../src/ports/log-source.ts";

/** One `query_range` answer's `data.result`, as Loki sends it. */
export type LokiPage = Array<{ stream?: Record<string, string>; values?: Array<[string, string]> }>;

/** Loki's default `max_entries_limit_per_query`: a larger page is refused. */
const MAX_PAGE = 5000;

interface Entry {
  key: string;
  time: bigint;
  line: string;
}

/**
 * Pages through a range the way logcli does: ask for what is still wanted; when Loki answers a full
 * page, ask again from the last timestamp seen (inclusive for `forward`'s start, exclusive `end` + 1 ns
 * for `backward`), dropping lines already collected. Stops at `limit`, at a short page (the range is
 * exhausted) or when a page brings nothing new (over 5000 lines share one nanosecond).
 */
export async function collectLokiPages(options: {
  start: bigint;
  end: bigint;
  limit: number;
  direction: LogQueryOptions["direction"];
  pageSize: number;
  fetchPage: (start: bigint, end: bigint, limit: number) => Promise<LokiPage>;
}): Promise<LogStream[]> {
  const { limit, direction, pageSize } = options;
  const forward = direction === "forward";
  const labels = new Map<string, Record<string, string>>();
  const seen = new Set<string>();
  const kept: Entry[] = [];
  let { start, end } = options;
  let onBoundary = 0;

  while (kept.length < limit) {
    // Lines on the boundary come back again, so ask for that many more; and when more lines share
    // that nanosecond than a page holds, grow the page so that it reaches past them.
    const ask = Math.min(limit - kept.length + onBoundary, Math.max(pageSize, onBoundary + 1), MAX_PAGE);
    const page = await options.fetchPage(start, end, ask);
    const entries: Entry[] = [];
    for (const stream of page) {
      const streamLabels = stream.stream ?? {};
      const key = labelKey(streamLabels);
      labels.set(key, streamLabels);
      for (const [time, line] of stream.values ?? []) entries.push({ key, time: BigInt(time), line });
    }
    entries.sort((a, b) => (forward ? compare(a, b) : compare(b, a)));
    let added = 0;
    for (const entry of entries) {
      const id = `${entry.key}\u0000${entry.time}\u0000${entry.line}`;
      if (seen.has(id) || kept.length >= limit) continue;
      seen.add(id);
      kept.push(entry);
      added++;
    }
    const last = entries.at(-1);
    if (entries.length < ask || added === 0 || last === undefined) break;
    onBoundary = entries.filter((entry) => entry.time === last.time).length;
    if (forward) start = last.time;
    else end = last.time + 1n;
  }
  return groupByStream(kept, labels, forward);
}

function groupByStream(
  entries: Entry[],
  labels: Map<string, Record<string, string>>,
  forward: boolean,
): LogStream[] {
  const byKey = new Map<string, Entry[]>();
  for (const entry of entries) {
    const list = byKey.get(entry.key);
    if (list) list.push(entry);
    else byKey.set(entry.key, [entry]);
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, streamEntries]) => ({
      stream: { ...labels.get(key) },
      values: streamEntries
        .sort((a, b) => (forward ? compare(a, b) : compare(b, a)))
        .map((entry): [string, string] => [entry.time.toString(), entry.line]),
    }));
}

function compare(a: Entry, b: Entry): number {
  if (a.time !== b.time) return a.time < b.time ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function labelKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
