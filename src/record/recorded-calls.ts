import type { ChangeEvent } from "../ports/change-source.ts";
import type { KubernetesObject } from "../ports/cluster-reader.ts";
import type { LogQueryOptions, LogStream } from "../ports/log-source.ts";
import type { Labels } from "../ports/metrics-source.ts";
import type { TimeRange } from "../ports/time-range.ts";
import type { TopologyEdge } from "../ports/topology-source.ts";

/** The five data sources by the key they have under `sources` in a replay case. */
export type RecordedSourceKey = "metrics" | "logs" | "changes" | "kubernetes" | "topology";

/** How a source fared during the investigation: whether it ever answered, and why it last failed. */
export interface SourceHealth {
  answered: number;
  failed: number;
  lastError: string | null;
}

/**
 * Every read an investigation made through the recording sources, with what came back. Metrics
 * keep only the query and range: a replay case stores raw series, not query results, so the raw
 * data behind each query is fetched afterwards. Metric and log queries are kept even when they
 * failed (a live timeout, say): the data they asked for belongs in the case all the same.
 */
export interface RecordedCalls {
  metricQueries: Array<{ query: string; range: TimeRange }>;
  seriesLookups: Array<{ matchers: string[]; range: Omit<TimeRange, "stepSeconds">; result: Labels[] }>;
  logQueries: Array<{
    query: string;
    range: Omit<TimeRange, "stepSeconds">;
    options: LogQueryOptions;
    /** null when the read failed. */
    result: LogStream[] | null;
  }>;
  changeLists: Array<{ range: { start: number; end: number }; result: ChangeEvent[] }>;
  /** Objects returned by `list` and `get`, in the order they were read. */
  clusterObjects: KubernetesObject[];
  /** The last answer of `edges()`, or null when it never answered. */
  topology: TopologyEdge[] | null;
  health: Record<RecordedSourceKey, SourceHealth>;
}

export function emptyRecordedCalls(): RecordedCalls {
  const health = (): SourceHealth => ({ answered: 0, failed: 0, lastError: null });
  return {
    metricQueries: [],
    seriesLookups: [],
    logQueries: [],
    changeLists: [],
    clusterObjects: [],
    topology: null,
    health: {
      metrics: health(),
      logs: health(),
      changes: health(),
      kubernetes: health(),
      topology: health(),
    },
  };
}
