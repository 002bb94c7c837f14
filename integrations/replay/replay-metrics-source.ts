import type { Labels, MetricsSource, Series } from "../../src/ports/metrics-source.ts";
import { SourceQueryError } from "../../src/ports/source-errors.ts";
import type { TimeRange } from "../../src/ports/time-range.ts";
import type { Expr } from "./promql/ast.ts";
import { evaluateRange } from "./promql/evaluate-promql.ts";
import { matchesAll } from "./promql/label-matcher.ts";
import { parsePromql, parseSeriesSelector } from "./promql/parse-promql.ts";
import { createSeriesIndex, type RecordedMatrixSeries } from "./promql/series-index.ts";
import { labelKey } from "./promql/step-vector.ts";

/** Prometheus refuses range queries with more points per series than this. */
const MAX_POINTS = 11_000;

/**
 * A `MetricsSource` answering PromQL from recorded series, as Prometheus would have answered at
 * `nowSeconds`: samples after it do not exist, and range ends are clamped to it.
 */
export function createReplayMetricsSource(options: {
  series: readonly RecordedMatrixSeries[];
  nowSeconds: number;
}): MetricsSource {
  const { nowSeconds } = options;
  const index = createSeriesIndex(options.series, nowSeconds);
  const parsed = new Map<string, Expr>();

  return {
    async queryRange(query: string, range: TimeRange, signal?: AbortSignal): Promise<Series[]> {
      signal?.throwIfAborted();
      const { start, stepSeconds } = range;
      checkRange(start, range.end);
      if (!(stepSeconds > 0) || !Number.isFinite(stepSeconds)) {
        throw new SourceQueryError(
          "metrics",
          "zero or negative query resolution step widths are not accepted",
        );
      }
      if ((range.end - start) / stepSeconds > MAX_POINTS) {
        throw new SourceQueryError(
          "metrics",
          `exceeded maximum resolution of ${MAX_POINTS} points per timeseries; increase the step`,
        );
      }
      let expr = parsed.get(query);
      if (!expr) {
        expr = parsePromql(query);
        parsed.set(query, expr);
      }
      const end = Math.min(range.end, nowSeconds);
      if (start > end) return [];
      const count = Math.floor((end - start) / stepSeconds + 1e-9) + 1;
      const times = Float64Array.from({ length: count }, (_, step) => start + step * stepSeconds);
      return evaluateRange(expr, index, times);
    },

    async series(
      matchers: string[],
      range: Omit<TimeRange, "stepSeconds">,
      signal?: AbortSignal,
    ): Promise<Labels[]> {
      signal?.throwIfAborted();
      checkRange(range.start, range.end);
      if (matchers.length === 0) throw new SourceQueryError("metrics", "no match[] parameter provided");
      const selectors = matchers.map(parseSeriesSelector);
      const end = Math.min(range.end, nowSeconds);
      const found = new Map<string, Labels>();
      for (const selector of selectors) {
        for (const stored of index.select(selector.matchers)) {
          if (!matchesAll(stored.labels, selector.matchers)) continue;
          if (!stored.times.some((time) => time >= range.start && time <= end)) continue;
          found.set(labelKey(stored.labels), stored.labels);
        }
      }
      return [...found.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([, labels]) => ({ ...labels }));
    },
  };
}

function checkRange(start: number, end: number): void {
  if (!Number.isFinite(start) || !Number.isFinite(end)) {
    throw new SourceQueryError("metrics", "start and end must be finite unix seconds");
  }
  if (end < start) throw new SourceQueryError("metrics", "end timestamp must not be before start time");
}
