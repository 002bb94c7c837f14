import type { Point } from "./point.ts";
import { median } from "./stats.ts";

export interface Trend {
  /** Spearman rank correlation of value with time, -1..1. */
  rho: number;
  /** Median of the last third over median of the first third; null when the first is 0. */
  growth: number | null;
}

/**
 * How steadily a series climbs over the whole window. A leak (memory, disk, connections) is a
 * ramp, not a step: the rank correlation with time is high all along, while a step late in the
 * window leaves most of the series flat and the correlation moderate.
 */
export function trendOf(points: readonly Point[]): Trend {
  const finite = points.filter((point) => Number.isFinite(point[1]));
  const n = finite.length;
  if (n < 6) return { rho: 0, growth: null };
  const ranks = rank(finite.map((point) => point[1]));
  const meanRank = (n + 1) / 2;
  let covariance = 0;
  let varianceTime = 0;
  let varianceValue = 0;
  for (let i = 0; i < n; i++) {
    const time = i + 1 - meanRank;
    const value = ranks[i]! - meanRank;
    covariance += time * value;
    varianceTime += time * time;
    varianceValue += value * value;
  }
  const rho = varianceValue === 0 ? 0 : covariance / Math.sqrt(varianceTime * varianceValue);
  const third = Math.max(1, Math.floor(n / 3));
  const first = median(finite.slice(0, third).map((point) => point[1]));
  const last = median(finite.slice(n - third).map((point) => point[1]));
  return { rho, growth: first === 0 ? null : last / first };
}

/** Average ranks (1-based), ties sharing their mean rank. */
function rank(values: number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]!.value === order[start]!.value) end++;
    const shared = (start + end) / 2 + 1;
    for (let i = start; i <= end; i++) ranks[order[i]!.index] = shared;
    start = end + 1;
  }
  return ranks;
}
