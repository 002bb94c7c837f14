import type { TimeRange } from "./time-range.ts";

export interface LogStream {
  stream: Record<string, string>;
  /** [unix nanoseconds as a decimal string, line], in the order asked for. */
  values: Array<[string, string]>;
}

export interface LogQueryOptions {
  /** The most lines to return across all streams. */
  limit: number;
  direction: "forward" | "backward";
}

/**
 * Read-only access to logs in LogQL (Loki `/loki/api/v1/query_range`, streams result).
 *
 * - An empty array means the source answered and no line matched.
 * - A thrown `SourceUnavailableError` means the source could not be asked; the caller records a gap.
 */
export interface LogSource {
  queryRange(
    query: string,
    range: Omit<TimeRange, "stepSeconds">,
    options: LogQueryOptions,
    signal?: AbortSignal,
  ): Promise<LogStream[]>;
}
