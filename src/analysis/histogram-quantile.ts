import type { Point } from "./point.ts";

/** One cumulative histogram bucket at one time: observations ≤ `le`. */
export interface HistogramBucket {
  /** Upper bound as the `le` label carries it ("0.25", "+Inf") or as a number. */
  le: number | string;
  count: number;
}

export function parseLe(le: number | string): number {
  if (typeof le === "number") return le;
  const text = le.trim();
  if (text === "+Inf" || text === "Inf" || text === "inf") return Number.POSITIVE_INFINITY;
  return text === "" ? Number.NaN : Number(text);
}

/**
 * PromQL `histogram_quantile` for one set of buckets: find the bucket where the rank q·total
 * falls and interpolate linearly inside it, assuming the lowest bucket starts at 0 (or at its
 * own bound when that is ≤ 0). A rank in the +Inf bucket answers the highest finite bound.
 * NaN when there is no +Inf bucket or no observation; counts are made monotone first, since
 * buckets scraped a moment apart can disagree slightly.
 */
export function histogramQuantile(q: number, buckets: readonly HistogramBucket[]): number {
  if (q < 0) return Number.NEGATIVE_INFINITY;
  if (q > 1) return Number.POSITIVE_INFINITY;
  const sorted = buckets
    .map((bucket) => ({ le: parseLe(bucket.le), count: bucket.count }))
    .filter((bucket) => !Number.isNaN(bucket.le) && Number.isFinite(bucket.count))
    .sort((a, b) => a.le - b.le);
  const top = sorted.at(-1);
  if (top === undefined || top.le !== Number.POSITIVE_INFINITY || sorted.length < 2) return Number.NaN;
  for (let i = 1; i < sorted.length; i++) {
    sorted[i]!.count = Math.max(sorted[i]!.count, sorted[i - 1]!.count);
  }
  const total = top.count;
  if (!(total > 0)) return Number.NaN;
  const rank = q * total;
  const index = sorted.findIndex((bucket) => bucket.count >= rank);
  const bucket = sorted[index]!;
  if (index === sorted.length - 1) return sorted[sorted.length - 2]!.le;
  if (index === 0 && bucket.le <= 0) return bucket.le;
  const lowerBound = index === 0 ? 0 : sorted[index - 1]!.le;
  const countBelow = index === 0 ? 0 : sorted[index - 1]!.count;
  const inBucket = bucket.count - countBelow;
  if (inBucket <= 0) return bucket.le;
  return lowerBound + (bucket.le - lowerBound) * ((rank - countBelow) / inBucket);
}

/** One `_bucket` series: its `le` and its points (already turned into rates or increases). */
export interface BucketSeries {
  le: number | string;
  points: readonly Point[];
}

/**
 * `histogramQuantile` at every time all buckets share, e.g. p99 latency over time from the
 * rates of `http_request_duration_seconds_bucket`. Buckets of one histogram are scraped
 * together, so times are joined exactly; a time missing from any bucket is skipped. Times
 * where the quantile is NaN (no traffic) are left out.
 */
export function histogramQuantileOverTime(q: number, buckets: readonly BucketSeries[]): Point[] {
  if (buckets.length === 0) return [];
  const byTime = new Map<number, HistogramBucket[]>();
  for (const bucket of buckets) {
    for (const [time, count] of bucket.points) {
      const list = byTime.get(time) ?? [];
      list.push({ le: bucket.le, count });
      byTime.set(time, list);
    }
  }
  const out: Point[] = [];
  for (const time of [...byTime.keys()].sort((a, b) => a - b)) {
    const set = byTime.get(time)!;
    if (set.length !== buckets.length) continue;
    const value = histogramQuantile(q, set);
    if (Number.isFinite(value)) out.push([time, value]);
  }
  return out;
}
