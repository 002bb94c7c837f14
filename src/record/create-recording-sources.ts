import type { DataSources } from "../ports/data-sources.ts";
import type { LogStream } from "../ports/log-source.ts";
import { emptyRecordedCalls, type RecordedCalls, type RecordedSourceKey } from "./recorded-calls.ts";

export interface RecordingSources {
  /** Answers exactly as the wrapped sources do, and notes every call on the way. */
  sources: DataSources;
  /** What was read so far; a snapshot is not needed because recording stops with the investigation. */
  calls: RecordedCalls;
}

/**
 * Wraps any `DataSources` (live or replay) so that every read an investigation makes is recorded:
 * metric queries and series lookups, log queries with their answers, change lists, cluster reads and
 * topology. Answers and errors pass through untouched, so the investigation cannot tell.
 */
export function createRecordingSources(inner: DataSources): RecordingSources {
  const calls = emptyRecordedCalls();

  async function observe<T>(
    key: RecordedSourceKey,
    read: () => Promise<T>,
    keep: (value: T) => void,
    keepFailure: () => void = () => {},
  ) {
    const health = calls.health[key];
    try {
      const value = await read();
      health.answered += 1;
      keep(value);
      return value;
    } catch (error) {
      health.failed += 1;
      health.lastError = error instanceof Error ? error.message : String(error);
      keepFailure();
      throw error;
    }
  }

  return {
    calls,
    sources: {
      metrics: {
        queryRange: (query, range, signal) => {
          const keep = () => calls.metricQueries.push({ query, range: { ...range } });
          return observe("metrics", () => inner.metrics.queryRange(query, range, signal), keep, keep);
        },
        series: (matchers, range, signal) =>
          observe(
            "metrics",
            () => inner.metrics.series(matchers, range, signal),
            (result) =>
              calls.seriesLookups.push({
                matchers: [...matchers],
                range: { start: range.start, end: range.end },
                result: structuredClone(result),
              }),
          ),
      },
      logs: {
        queryRange: (query, range, options, signal) => {
          const keep = (result: LogStream[] | null) =>
            calls.logQueries.push({
              query,
              range: { start: range.start, end: range.end },
              options: { ...options },
              result: result && structuredClone(result),
            });
          return observe(
            "logs",
            () => inner.logs.queryRange(query, range, options, signal),
            keep,
            () => keep(null),
          );
        },
      },
      changes: {
        list: (range, signal) =>
          observe(
            "changes",
            () => inner.changes.list(range, signal),
            (result) =>
              calls.changeLists.push({
                range: { start: range.start, end: range.end },
                result: structuredClone(result),
              }),
          ),
      },
      cluster: {
        list: (kind, namespace, signal) =>
          observe(
            "kubernetes",
            () => inner.cluster.list(kind, namespace, signal),
            (result) => calls.clusterObjects.push(...structuredClone(result)),
          ),
        get: (kind, namespace, name, signal) =>
          observe(
            "kubernetes",
            () => inner.cluster.get(kind, namespace, name, signal),
            (result) => {
              if (result !== null) calls.clusterObjects.push(structuredClone(result));
            },
          ),
      },
      topology: {
        edges: (signal) =>
          observe(
            "topology",
            () => inner.topology.edges(signal),
            (result) => {
              calls.topology = structuredClone(result);
            },
          ),
      },
    },
  };
}
