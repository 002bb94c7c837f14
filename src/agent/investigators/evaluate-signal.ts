import {
  anomalyLevel,
  detectOnset,
  type Onset,
  type Point,
  type SeriesAnomaly,
  scoreSeriesAnomaly,
} from "../../analysis/index.ts";

/** How far before the alert an onset may be: faults rarely page later than this after they begin. */
const ONSET_SEARCH_SECONDS = 30 * 60;
/** Without a detected onset, the last few minutes are compared with what came before. */
const RECENT_SECONDS = 5 * 60;
const BASELINE_SECONDS = 30 * 60;
const RECENT_EPISODE_SECONDS = 10 * 60;
const MIN_SCORE_FOR_RELATIVE = 3;

export interface SignalVerdict {
  onset: Onset | null;
  anomaly: SeriesAnomaly | null;
  /** Robust score in the direction that means trouble for this signal; 0 when it moved the good way. */
  badScore: number;
  /** `badScore` mapped to 0..1. */
  level: number;
}

/** Judges one signal by its shape: where it shifted, and how far in the bad direction. */
export function evaluateSignal(
  points: readonly Point[],
  window: { alertStart: number; now: number },
  direction: "up" | "down" | "both",
): SignalVerdict {
  const onset = detectOnset(points, {
    searchFrom: window.alertStart - ONSET_SEARCH_SECONDS,
    searchTo: window.now,
  });
  // A shift that already ended only counts when it began around the alert: the alert may be
  // resolving, but an old episode that recovered before it is another story.
  const current = onset && (!onset.recovered || onset.at >= window.alertStart - RECENT_EPISODE_SECONDS);
  const usable = onset && current && (direction === "both" || onset.direction === direction) ? onset : null;
  const split = usable?.at ?? window.now - RECENT_SECONDS;
  const anomaly = scoreSeriesAnomaly(points, split, {
    baselineSeconds: BASELINE_SECONDS,
    quantile: usable ? 1 : 0.8,
  });
  if (!anomaly) return { onset: usable, anomaly: null, badScore: 0, level: 0 };
  const fromAnomaly =
    direction === "both"
      ? anomaly.score
      : direction === "up"
        ? Math.max(0, anomaly.signedScore)
        : Math.max(0, -anomaly.signedScore);
  // The onset's own baseline is the stretch just before the shift; a longer one may hold older
  // faults whose spread would hide this one.
  const badScore = Math.max(fromAnomaly, usable?.magnitude ?? 0);
  return {
    onset: usable,
    anomaly,
    badScore,
    level: Math.max(anomalyLevel(badScore), relativeLevel(usable, badScore)),
  };
}

/**
 * A baseline that already holds an old fault has a wide spread, which hides a new shift that is
 * huge in relative terms (a success rate from 100% to 25%). A sustained shift by half or more of
 * the baseline level, that is also clearly off the baseline, counts on its own.
 */
function relativeLevel(onset: Onset | null, badScore: number): number {
  const change = Math.abs(onset?.relativeChange ?? 0);
  if (!onset || badScore < MIN_SCORE_FOR_RELATIVE || change < 0.3) return 0;
  return 1 / (1 + Math.exp(-(Math.min(change, 1) - 0.5) / 0.12));
}
