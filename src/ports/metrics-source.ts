import type { TimeRange } from "./time-range.ts";

export type Labels = Record<string, string>;

/** A series in Prometheus `query_range` matrix form, values parsed to numbers. */
export interface Series {
  metric: Labels;
  /** [unix seconds, value], ascending. */
  values: Array<[number, number]>;
}

/**
 * Read-only access to metrics in PromQL.
 *
 * - An empty array means the source answered and nothing matched.
 * - A thrown `SourceUnavailableError` means the source could not be asked (down, timed out,
 *   not configured); the caller records an investigation gap.
 * - Any other thrown error (for example a query the source rejects) is a `SourceQueryError`.
 */
export interface MetricsSource {
  /** Evaluate a PromQL expression over a range (Prometheus `/api/v1/query_range`). */
  queryRange(query: string, range: TimeRange, signal?: AbortSignal): Promise<Series[]>;
  /** Label sets of the series matching any of the selectors (Prometheus `/api/v1/series`). */
  series(matchers: string[], range: Omit<TimeRange, "stepSeconds">, signal?: AbortSignal): Promise<Labels[]>;
}
