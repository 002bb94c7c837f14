import type { Labels, Series } from "../ports/metrics-source.ts";

/** A replay case's metric series: Prometheus `query_range` matrix form, values as strings. */
export interface MatrixSeries {
  metric: Labels;
  values: Array<[number, string]>;
}

/** One series' identity, whatever order its labels come in. */
export function seriesKey(labels: Labels): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Gathers samples from many answers into one set of series: the same series read through two
 * selectors, or in two chunks of one range, is stored once with each sample once.
 */
export function createSeriesCollector() {
  const byKey = new Map<string, { metric: Labels; samples: Map<number, number> }>();
  return {
    has: (labels: Labels) => byKey.has(seriesKey(labels)),
    add(series: Series): void {
      const key = seriesKey(series.metric);
      let entry = byKey.get(key);
      if (!entry) {
        entry = { metric: { ...series.metric }, samples: new Map() };
        byKey.set(key, entry);
      }
      for (const [time, value] of series.values) entry.samples.set(Math.round(time * 1000) / 1000, value);
    },
    toMatrix(): MatrixSeries[] {
      return [...byKey.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([, { metric, samples }]) => ({
          metric,
          values: [...samples.entries()]
            .sort(([a], [b]) => a - b)
            .map(([time, value]): [number, string] => [time, formatSampleValue(value)]),
        }))
        .filter((series) => series.values.length > 0);
    },
  };
}

/** Prometheus' own spelling of sample values, which the replay-case contract takes. */
export function formatSampleValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(value);
}
