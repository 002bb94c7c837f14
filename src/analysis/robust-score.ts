import type { Point } from "./point.ts";
import {
  quantile,
  type RobustScaleOptions,
  type RobustSummary,
  robustSummary,
  scaleAgainst,
} from "./stats.ts";

export interface RobustScoreOptions extends RobustScaleOptions {
  /**
   * Which deviation of the recent points counts: 1 takes the largest (as BARO does), 0.9 the
   * 90th percentile, which ignores a lone spike in a longer recent window. Default 1.
   */
  quantile?: number;
}

function deviations(baseline: readonly number[], recent: readonly number[], options: RobustScoreOptions) {
  const summary = robustSummary(baseline, options);
  const finite = recent.filter(Number.isFinite);
  const largest = Math.max(0, ...finite.map((x) => Math.abs(x - summary.median)));
  const scale = scaleAgainst(summary, largest);
  const devs = finite.map((x) => (x - summary.median) / scale);
  return { summary, devs };
}

/**
 * BARO's robust anomaly score: how far the recent points sit from the baseline median, in
 * baseline IQRs (with the zero-IQR guard of `robustSummary`, and at most 100 over a perfectly
 * flat baseline, see `scaleAgainst`). 0 when either side is empty.
 */
export function robustScore(
  baseline: readonly number[],
  recent: readonly number[],
  options: RobustScoreOptions = {},
): number {
  const { summary, devs } = deviations(baseline, recent, options);
  if (devs.length === 0 || !Number.isFinite(summary.scale)) return 0;
  return quantile(
    devs.map((z) => Math.abs(z)),
    options.quantile ?? 1,
  );
}

/**
 * `robustScore` with the sign of the chosen deviation: positive when the recent points rose
 * above the baseline, negative when they fell.
 */
export function signedRobustScore(
  baseline: readonly number[],
  recent: readonly number[],
  options: RobustScoreOptions = {},
): number {
  const { summary, devs } = deviations(baseline, recent, options);
  if (devs.length === 0 || !Number.isFinite(summary.scale)) return 0;
  const byMagnitude = [...devs].sort((a, b) => Math.abs(a) - Math.abs(b));
  const position = Math.round(Math.min(Math.max(options.quantile ?? 1, 0), 1) * (byMagnitude.length - 1));
  return byMagnitude[position]!;
}

export interface SeriesAnomalyOptions extends RobustScoreOptions {
  /** Use only the baseline points this many seconds before the onset. Default: all of them. */
  baselineSeconds?: number;
  /** Fewest baseline points for a score; below it the answer is null. Default 3. */
  minBaselinePoints?: number;
}

export interface SeriesAnomaly {
  /** Unsigned robust score (baseline IQRs). */
  score: number;
  /** Signed robust score: > 0 the series rose, < 0 it fell. */
  signedScore: number;
  direction: "up" | "down" | "none";
  baseline: RobustSummary & { points: number };
  recent: { median: number; max: number; min: number; points: number };
}

/**
 * Scores one series around an onset: points before `onsetTime` are the baseline, points at or
 * after it are recent. Null when there are too few baseline points or no recent point.
 */
export function scoreSeriesAnomaly(
  points: readonly Point[],
  onsetTime: number,
  options: SeriesAnomalyOptions = {},
): SeriesAnomaly | null {
  const earliest =
    options.baselineSeconds === undefined ? Number.NEGATIVE_INFINITY : onsetTime - options.baselineSeconds;
  const finite = points.filter((point) => Number.isFinite(point[1]));
  const baseline = finite.filter(([time]) => time < onsetTime && time >= earliest).map((point) => point[1]);
  const recent = finite.filter(([time]) => time >= onsetTime).map((point) => point[1]);
  if (baseline.length < (options.minBaselinePoints ?? 3) || recent.length === 0) return null;
  const summary = robustSummary(baseline, options);
  const signedScore = signedRobustScore(baseline, recent, options);
  return {
    score: Math.abs(signedScore),
    signedScore,
    direction: signedScore > 0 ? "up" : signedScore < 0 ? "down" : "none",
    baseline: { ...summary, points: baseline.length },
    recent: {
      median: quantile(recent, 0.5),
      max: Math.max(...recent),
      min: Math.min(...recent),
      points: recent.length,
    },
  };
}

/**
 * Maps a robust score (IQR units) to 0..1 for ranking: (z − floor) / (z − floor + half), so
 * noise (z ≤ 2) is 0, 12 IQRs is 0.5 and the level keeps rising through the hundreds that real
 * faults reach (100 → 0.9, 300 → 0.97) instead of saturating, which would hide which service
 * moved most.
 */
export function anomalyLevel(score: number, options: { noiseFloor?: number; halfAt?: number } = {}): number {
  if (Number.isNaN(score)) return 0;
  const floor = options.noiseFloor ?? 2;
  const half = Math.max(1e-9, (options.halfAt ?? 12) - floor);
  const excess = Math.max(0, Math.abs(score) - floor);
  if (excess === Number.POSITIVE_INFINITY) return 1;
  return excess / (excess + half);
}
