import type { Labels } from "../../../src/ports/metrics-source.ts";
import { type CompiledMatcher, matchesAll } from "./label-matcher.ts";

/** One recorded series, cut at the replay clock, values parsed once. */
export interface StoredSeries {
  labels: Labels;
  /** Unix seconds, ascending. */
  times: Float64Array;
  values: Float64Array;
}

export interface SeriesIndex {
  select(matchers: readonly CompiledMatcher[]): StoredSeries[];
}

export interface RecordedMatrixSeries {
  metric: Labels;
  values: ReadonlyArray<readonly [number, string]>;
}

/**
 * Builds the lookup the evaluator uses: series grouped by metric name, samples after `nowSeconds`
 * dropped here so that no query path can ever see the future.
 */
export function createSeriesIndex(
  recorded: readonly RecordedMatrixSeries[],
  nowSeconds: number,
): SeriesIndex {
  const byName = new Map<string, StoredSeries[]>();
  for (const series of recorded) {
    const samples = series.values
      .filter(([time]) => time <= nowSeconds)
      .map(([time, value]) => [time, parseSampleValue(value)] as const)
      .sort((a, b) => a[0] - b[0]);
    const stored: StoredSeries = {
      labels: { ...series.metric },
      times: Float64Array.from(samples, ([time]) => time),
      values: Float64Array.from(samples, ([, value]) => value),
    };
    const name = series.metric.__name__ ?? "";
    const bucket = byName.get(name);
    if (bucket) bucket.push(stored);
    else byName.set(name, [stored]);
  }

  return {
    select(matchers) {
      const nameMatcher = matchers.find((matcher) => matcher.name === "__name__");
      let candidates: Iterable<StoredSeries[]>;
      if (nameMatcher?.op === "=") candidates = [byName.get(nameMatcher.value) ?? []];
      else if (nameMatcher)
        candidates = [...byName].filter(([name]) => nameMatcher.matches(name)).map(([, list]) => list);
      else candidates = byName.values();
      const out: StoredSeries[] = [];
      for (const list of candidates) {
        for (const series of list) if (matchesAll(series.labels, matchers)) out.push(series);
      }
      return out;
    },
  };
}

export function parseSampleValue(text: string): number {
  const lower = text.toLowerCase().replace(/^\+/, "");
  if (lower === "inf") return Infinity;
  if (lower === "-inf") return -Infinity;
  if (lower === "nan") return Number.NaN;
  return Number(text);
}

/** Index of the last time <= t, or -1. */
export function lastAtOrBefore(times: Float64Array, t: number): number {
  let low = 0;
  let high = times.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if ((times[middle] as number) <= t) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}
