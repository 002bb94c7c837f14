import {
  anomalyLevel,
  detectOnset,
  type Onset,
  type Point,
  type SeriesAnomaly,
  scoreSeriesAnomaly,
} from "../../analysis/index.ts";
import type { BadDirection } from "./signal-direction.ts";

/** How far before the alert an onset may be: faults rarely page later than this after they begin. */
const ONSET_SEARCH_SECONDS = 30 * 60;
/** Without a detected onset, the last few minutes are compared with what came before. */
const RECENT_SECONDS = 5 * 60;
const BASELINE_SECONDS = 30 * 60;

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
  direction: BadDirection,
): SignalVerdict {
  const onset = detectOnset(points, { searchFrom: window.alertStart - ONSET_SEARCH_SECONDS, searchTo: window.now });
  const usable = onset && !onset.recovered && (direction === "both" || onset.direction === direction) ? onset : null;
  const split = usable?.at ?? window.now - RECENT_SECONDS;
  const anomaly = scoreSeriesAnomaly(points, split, {
    baselineSeconds: BASELINE_SECONDS,
    quantile: usable ? 1 : 0.8,
  });
  if (!anomaly) return { onset: usable, anomaly: null, badScore: 0, level: 0 };
  const badScore =
    direction === "both"
      ? anomaly.score
      : direction === "up"
        ? Math.max(0, anomaly.signedScore)
        : Math.max(0, -anomaly.signedScore);
  return { onset: usable, anomaly, badScore, level: anomalyLevel(badScore) };
}
