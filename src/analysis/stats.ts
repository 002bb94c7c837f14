/**
 * Small robust statistics. Every function ignores non-finite values (NaN, ±Infinity) and
 * returns NaN for an empty input, so callers can map over gappy series without guards.
 */

// Typed-array sort is numeric and several times faster than Array#sort with a comparator.
function finiteSorted(values: readonly number[]): Float64Array {
  return Float64Array.from(values.filter(Number.isFinite)).sort();
}

/** The q-quantile (0..1) with linear interpolation between order statistics (numpy's default). */
export function quantile(values: readonly number[], q: number): number {
  return quantileOfSorted(finiteSorted(values), q);
}

/** `quantile` for input already sorted ascending and free of NaN; skips the copy and sort. */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = Math.min(Math.max(q, 0), 1) * (sorted.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower]!;
  return low + (sorted[upper]! - low) * (position - lower);
}

export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

export function mean(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return Number.NaN;
  return finite.reduce((sum, x) => sum + x, 0) / finite.length;
}

/** Interquartile range, Q3 − Q1. */
export function iqr(values: readonly number[]): number {
  const sorted = finiteSorted(values);
  return quantileOfSorted(sorted, 0.75) - quantileOfSorted(sorted, 0.25);
}

/** Median absolute deviation from the median (unscaled). */
export function mad(values: readonly number[]): number {
  const center = median(values);
  return median(values.filter(Number.isFinite).map((x) => Math.abs(x - center)));
}

export interface RobustScaleOptions {
  /** The scale is never below this fraction of |median|. Default 0.01. */
  relativeFloor?: number;
  /** The scale is never below this absolute value. Default 1e-9. */
  absoluteFloor?: number;
}

/** The center and spread a baseline is judged by, in IQR units (as BARO scores). */
export interface RobustSummary {
  median: number;
  /** The raw interquartile range, possibly 0. */
  iqr: number;
  /** The divisor for scores: the IQR, or a fallback when the IQR is 0, never below the floors. */
  scale: number;
  /**
   * Every value equals the median: the scale is only a floor, so deviations from it are
   * unbounded (see `scaleAgainst`). Optional so hand-built summaries (tests, inverted series) stay valid.
   */
  flat?: boolean;
}

/**
 * For a perfectly flat baseline (say, 0 errors every minute) any change is infinitely many
 * scales away; measuring it against 1% of the change itself caps the score at 100 (clearly
 * anomalous, still comparable with other signals) instead of 1e9.
 */
export function scaleAgainst(summary: RobustSummary, largestChange: number): number {
  return summary.flat === true ? Math.max(summary.scale, 0.01 * Math.abs(largestChange)) : summary.scale;
}

/**
 * Median and a never-zero spread for scoring. The IQR of a flat series with rare wobbles is 0,
 * which would make any later wobble infinitely anomalous; then the mean absolute deviation
 * (×1.69, its IQR equivalent under normal noise) stands in, and a floor relative to the level
 * keeps a perfectly flat series from exploding on a tiny change.
 */
export function robustSummary(values: readonly number[], options: RobustScaleOptions = {}): RobustSummary {
  return robustSummaryOfSorted(finiteSorted(values), options);
}

/** `robustSummary` for input already sorted ascending and free of NaN. */
export function robustSummaryOfSorted(
  sorted: ArrayLike<number>,
  options: RobustScaleOptions = {},
): RobustSummary {
  const center = quantileOfSorted(sorted, 0.5);
  const spread = quantileOfSorted(sorted, 0.75) - quantileOfSorted(sorted, 0.25);
  if (sorted.length === 0) return { median: Number.NaN, iqr: Number.NaN, scale: Number.NaN, flat: false };
  let scale = spread;
  if (!(scale > 0)) {
    let totalAbsolute = 0;
    for (let i = 0; i < sorted.length; i++) totalAbsolute += Math.abs(sorted[i]! - center);
    const meanAbsolute = totalAbsolute / sorted.length;
    scale = 1.69 * meanAbsolute;
  }
  const floor = Math.max((options.relativeFloor ?? 0.01) * Math.abs(center), options.absoluteFloor ?? 1e-9);
  const flat = sorted[0] === sorted[sorted.length - 1];
  return { median: center, iqr: spread, scale: Math.max(scale, floor), flat };
}

/** Inserts `value` into an ascending array in place (binary search), keeping it sorted. */
export function insertSorted(sorted: number[], value: number): void {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  sorted.splice(low, 0, value);
}

/** Removes one occurrence of `value` from an ascending array in place; no-op when absent. */
export function removeSorted(sorted: number[], value: number): void {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle]! < value) low = middle + 1;
    else high = middle;
  }
  if (sorted[low] === value) sorted.splice(low, 1);
}

/** Theil–Sen slope (median of pairwise slopes) of y over x; robust to ~29% outliers. NaN under two points. */
export function theilSenSlope(xs: readonly number[], ys: readonly number[]): number {
  const slopes: number[] = [];
  const n = Math.min(xs.length, ys.length);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = xs[j]! - xs[i]!;
      const dy = ys[j]! - ys[i]!;
      if (dx !== 0 && Number.isFinite(dy)) slopes.push(dy / dx);
    }
  }
  return median(slopes);
}
