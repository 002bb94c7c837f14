import type { Point } from "./point.ts";
import {
  insertSorted,
  median,
  type RobustSummary,
  removeSorted,
  robustSummary,
  robustSummaryOfSorted,
  scaleAgainst,
  theilSenSlope,
} from "./stats.ts";

export interface OnsetOptions {
  /** Earliest time (unix seconds) the onset may be at. */
  searchFrom?: number;
  /** Latest time (unix seconds) the onset may be at, e.g. the alert's start. */
  searchTo?: number;
  /** Smallest shift worth reporting, in baseline scale units (IQR). Default 3 (about 4σ of normal noise). */
  minShift?: number;
  /**
   * Fewest baseline points before a candidate onset. Default: a third of the series (at least
   * 5), so the onset is looked for in the later part of the window, where the alert points.
   */
  minBefore?: number;
  /** Fewest shifted points from the onset on. Default 2, so one outlier is never an onset. */
  minAfter?: number;
  /** The baseline is at most this many points before the candidate, so old drift and old faults weigh less. Default 60. */
  baselinePoints?: number;
}

export interface Onset {
  /** Time of the first shifted sample (unix seconds). */
  at: number;
  index: number;
  direction: "up" | "down";
  before: RobustSummary;
  after: { median: number; points: number };
  /** |after.median − before.median| in baseline scale units. */
  magnitude: number;
  /** (after.median − before.median) / |before.median|; null when the baseline median is 0. */
  relativeChange: number | null;
  /** The newest samples are back near the baseline (the shift has ended, at least for now). */
  recovered: boolean;
}

interface Candidate {
  index: number;
  sign: 1 | -1;
  before: RobustSummary;
  coreEnd: number;
  gain: number;
}

// Share of points in the shifted stretch that must really be off the baseline; keeps an old
// fault that recovered (baseline points inside the stretch) from passing as the onset.
const SUSTAINED_SHARE = 0.75;
// A run of this many baseline-level points inside a stretch splits it into two episodes; the
// later one is the onset we want.
const EPISODE_GAP = 3;
// How many first points of the stretch the drift check looks at: a step shows at once, drift does not.
const DRIFT_CHECK_POINTS = 5;

/**
 * The most likely single level shift that is still going on near the end of the series (the
 * alert fires after its onset), or null when there is none worth reporting.
 *
 * Every sample is a candidate onset. Against the robust baseline before it (median, IQR), a
 * candidate must itself be off by half of `minShift`, start a stretch that reaches the end
 * (allowing a trailing recovery of at most half its length) in which at least 3/4 of points are
 * off in the same direction with no run of 3 baseline-level points, and whose median is off by
 * `minShift`. Among those the L1 gain
 * of modelling the stretch at its own level instead of the baseline picks the exact onset: a
 * baseline point inside the stretch costs as much as a shifted one gains, so the latest sustained
 * shift beats an earlier blip that recovered, and a shift that has ended yields to one that began
 * after it. Finally the winner must also stand out from the
 * baseline's own linear trend (Theil–Sen), so slow diurnal drift is not an onset.
 */
export function detectOnset(points: readonly Point[], options: OnsetOptions = {}): Onset | null {
  const samples = points.filter((point) => Number.isFinite(point[1]) && Number.isFinite(point[0]));
  const values = samples.map((point) => point[1]);
  const times = samples.map((point) => point[0]);
  const minShift = options.minShift ?? 3;
  const minBefore = Math.max(2, options.minBefore ?? Math.max(5, Math.floor(values.length / 3)));
  const minAfter = Math.max(1, options.minAfter ?? 2);
  const window = Math.max(minBefore, options.baselinePoints ?? 60);
  const candidates: Candidate[] = [];
  // The baseline window slides one sample per candidate; keep it sorted instead of re-sorting.
  const baseline: number[] = [];
  for (let k = 1; k + minAfter <= values.length; k++) {
    insertSorted(baseline, values[k - 1]!);
    if (k > window) removeSorted(baseline, values[k - 1 - window]!);
    const time = times[k]!;
    if (k < minBefore || (options.searchFrom !== undefined && time < options.searchFrom)) continue;
    if (options.searchTo !== undefined && time > options.searchTo) break;
    const before = robustSummaryOfSorted(baseline);
    const first = (values[k]! - before.median) / before.scale;
    if (Math.abs(first) < minShift / 2) continue;
    const candidate = scoreCandidate(values, k, first > 0 ? 1 : -1, before, minShift, minAfter);
    if (candidate) candidates.push(candidate);
  }
  candidates.sort((a, b) => b.gain - a.gain || b.index - a.index);
  // The drift check fits a trend, the costliest step; run it only on candidates that could win.
  const isReal = (candidate: Candidate) => !isDrift(times, values, candidate, window, minShift);
  let winner = candidates.find(isReal);
  // A shift that has already ended yields to a later one that began after it ended.
  while (winner !== undefined && winner.coreEnd < values.length) {
    const end = winner.coreEnd;
    const later = candidates.find((candidate) => candidate.index >= end && isReal(candidate));
    if (later === undefined) break;
    winner = later;
  }
  return winner ? toOnset(times, values, winner) : null;
}

function scoreCandidate(
  values: readonly number[],
  k: number,
  sign: 1 | -1,
  before: RobustSummary,
  minShift: number,
  minAfter: number,
): Candidate | null {
  // Signed distance from the baseline median, in raw units: gains of candidates with different
  // baselines stay comparable (an IQR can double when one more blip enters the baseline).
  const distances = values.slice(k).map((x) => sign * (x - before.median));
  const shifted = distances.map((d) => d / before.scale >= minShift / 2);
  let trailing = 0;
  while (trailing < shifted.length && !shifted[shifted.length - 1 - trailing]) trailing++;
  const core = distances.slice(0, distances.length - trailing);
  if (core.length < minAfter || trailing > Math.max(1, Math.floor(core.length / 2))) return null;
  const coreShifted = shifted.slice(0, core.length);
  const shiftedShare = coreShifted.filter(Boolean).length / core.length;
  if (shiftedShare < SUSTAINED_SHARE || longestRun(coreShifted, false) >= EPISODE_GAP) return null;
  // The median clears minShift iff half the points do; counting first spares most sorts.
  const clear = minShift * before.scale;
  if (core.filter((d) => d >= clear).length * 2 < core.length) return null;
  const level = median(core);
  if (level < clear) return null;
  const gain = core.reduce((sum, d) => sum + Math.abs(d) - Math.abs(d - level), 0);
  return { index: k, sign, before, coreEnd: k + core.length, gain };
}

function longestRun(flags: readonly boolean[], value: boolean): number {
  let longest = 0;
  let current = 0;
  for (const flag of flags) {
    current = flag === value ? current + 1 : 0;
    longest = Math.max(longest, current);
  }
  return longest;
}

function isDrift(
  times: readonly number[],
  values: readonly number[],
  candidate: Candidate,
  window: number,
  minShift: number,
): boolean {
  const from = Math.max(0, candidate.index - window);
  const baseTimes = times.slice(from, candidate.index);
  const baseValues = values.slice(from, candidate.index);
  const slope = theilSenSlope(baseTimes, baseValues);
  if (!Number.isFinite(slope) || slope === 0) return false;
  const intercept = median(baseValues.map((y, i) => y - slope * baseTimes[i]!));
  const residuals = robustSummary(
    baseValues.map((y, i) => y - (intercept + slope * baseTimes[i]!)),
    { absoluteFloor: 0.01 * Math.abs(candidate.before.median) || 1e-9 },
  );
  const end = Math.min(candidate.coreEnd, candidate.index + DRIFT_CHECK_POINTS);
  const early: number[] = [];
  for (let i = candidate.index; i < end; i++) {
    const expected = intercept + slope * times[i]!;
    early.push((candidate.sign * (values[i]! - expected)) / residuals.scale);
  }
  return median(early) < minShift;
}

function toOnset(times: readonly number[], values: readonly number[], candidate: Candidate): Onset {
  const { before, index, coreEnd, sign } = candidate;
  const afterMedian = median(values.slice(index, coreEnd));
  return {
    at: times[index]!,
    index,
    direction: sign > 0 ? "up" : "down",
    before,
    after: { median: afterMedian, points: coreEnd - index },
    magnitude: Math.abs(afterMedian - before.median) / scaleAgainst(before, afterMedian - before.median),
    relativeChange: before.median === 0 ? null : (afterMedian - before.median) / Math.abs(before.median),
    recovered: coreEnd < values.length,
  };
}
