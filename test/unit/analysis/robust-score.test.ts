import { describe, expect, it } from "vitest";
import {
  anomalyLevel,
  robustScore,
  scoreSeriesAnomaly,
  signedRobustScore,
} from "../../../src/analysis/robust-score.ts";

const baseline = [10, 11, 12, 13, 14, 15, 16, 17, 18];

describe("robustScore", () => {
  it("measures the largest recent deviation from the baseline median in baseline IQRs, as BARO does", () => {
    // median 14, IQR 4
    expect(robustScore(baseline, [15, 30, 12])).toBe(4);
  });

  it("can take a high quantile instead of the maximum", () => {
    expect(robustScore(baseline, [14, 14, 14, 54], { quantile: 0.5 })).toBe(0);
  });

  it("keeps a flat baseline with a tiny wobble from exploding", () => {
    const flat = [20.5, 20.5, 20.5, 20.5, 20.6, 20.5, 20.5];
    expect(robustScore(flat, [20.6])).toBeLessThan(1);
    expect(robustScore(flat, [30])).toBeGreaterThan(40);
  });

  it("caps the score at 100 over a perfectly flat baseline instead of dividing by a floor", () => {
    expect(robustScore([0, 0, 0, 0, 0], [0, 5, 2])).toBe(100);
    expect(signedRobustScore([0, 0, 0, 0, 0], [-5])).toBe(-100);
  });

  it("answers 0 when either side is empty", () => {
    expect(robustScore([], [1, 2])).toBe(0);
    expect(robustScore(baseline, [])).toBe(0);
  });

  it("keeps the sign of the chosen deviation", () => {
    expect(signedRobustScore(baseline, [13, 2])).toBe(-3);
    expect(signedRobustScore(baseline, [13, 26])).toBe(3);
  });
});

describe("scoreSeriesAnomaly", () => {
  const points = [
    [0, 10],
    [60, 12],
    [120, 11],
    [180, 13],
    [240, 11],
    [300, 40],
    [360, 44],
  ] as const;

  it("scores the points from the onset on against the points before it", () => {
    const anomaly = scoreSeriesAnomaly(points, 300);
    expect(anomaly).toMatchObject({
      // baseline 10, 11, 11, 12, 13: median 11, IQR 1; the largest recent deviation is 44 − 11.
      score: 33,
      signedScore: 33,
      direction: "up",
      baseline: { median: 11, iqr: 1, points: 5 },
      recent: { median: 42, max: 44, min: 40, points: 2 },
    });
  });

  it("limits the baseline to the given number of seconds before the onset", () => {
    expect(scoreSeriesAnomaly(points, 300, { baselineSeconds: 200 })?.baseline.points).toBe(3);
  });

  it("answers null with too few baseline points or nothing after the onset", () => {
    expect(scoreSeriesAnomaly(points, 120)).toBeNull();
    expect(scoreSeriesAnomaly(points, 400)).toBeNull();
  });
});

describe("anomalyLevel", () => {
  it("maps noise to 0 and keeps separating large scores instead of saturating", () => {
    expect(anomalyLevel(1.5)).toBe(0);
    expect(anomalyLevel(12)).toBe(0.5);
    expect(anomalyLevel(-12)).toBe(0.5);
    expect(anomalyLevel(100)).toBeLessThan(anomalyLevel(300));
    expect(anomalyLevel(300)).toBeLessThan(1);
    expect(anomalyLevel(Number.POSITIVE_INFINITY)).toBe(1);
    expect(anomalyLevel(Number.NaN)).toBe(0);
  });
});
