import { describe, expect, it } from "vitest";
import { detectOnset } from "../../../src/analysis/onset.ts";
import { gaussian, seededRandom, series } from "./synthetic-series.ts";

const START = 1_700_000_000;

describe("detectOnset", () => {
  it("finds a latency step at the exact sample on a short per-minute series", () => {
    const noise = gaussian(seededRandom(1));
    const points = series(30, 60, (i) => (i < 26 ? 0.5 + 0.05 * noise() : 30 + noise()));
    const onset = detectOnset(points);
    expect(onset).toMatchObject({ index: 26, at: START + 26 * 60, direction: "up", recovered: false });
    expect(onset?.after.points).toBe(4);
    expect(onset?.before.median).toBeCloseTo(0.5, 1);
    expect(onset?.magnitude).toBeGreaterThan(100);
  });

  it("prefers the latest sustained shift over an earlier blip that recovered", () => {
    const noise = gaussian(seededRandom(2));
    const points = series(60, 60, (i) => {
      const blip = i >= 30 && i < 36 ? 80 : 0;
      const shift = i >= 52 ? 40 : 0;
      return 100 + 2 * noise() + blip + shift;
    });
    expect(detectOnset(points)).toMatchObject({ index: 52, direction: "up" });
  });

  it("reports a shift whose newest sample is already back near the baseline as recovered", () => {
    const noise = gaussian(seededRandom(3));
    const points = series(30, 60, (i) => (i >= 26 && i < 29 ? 9 + noise() : 0.01 + 0.001 * noise()));
    expect(detectOnset(points)).toMatchObject({ index: 26, recovered: true, after: { points: 3 } });
  });

  it("detects a drop in a success rate that was flat at 100 %", () => {
    const points = series(30, 60, (i) => (i >= 26 ? 89.5 : i === 7 ? 99.9 : 100));
    const onset = detectOnset(points);
    expect(onset).toMatchObject({ index: 26, direction: "down", before: { median: 100 } });
    expect(onset?.relativeChange).toBeCloseTo(-0.105, 10);
  });

  it("finds pending connections appearing on a gauge that sat at 0, with a bounded magnitude", () => {
    const points = series(30, 60, (i) => (i >= 25 ? 4 + (i % 2) : 0));
    expect(detectOnset(points)).toMatchObject({
      index: 25,
      direction: "up",
      magnitude: 100,
      relativeChange: null,
    });
  });

  it("ignores ordinary noise", () => {
    for (const seed of [4, 5, 6, 7, 8]) {
      const noise = gaussian(seededRandom(seed));
      expect(detectOnset(series(180, 15, () => 50 + 3 * noise()))).toBeNull();
    }
  });

  it("ignores a flat series with a tiny wobble", () => {
    expect(detectOnset(series(30, 60, (i) => (i % 9 === 0 ? 20.6 : 20.5)))).toBeNull();
  });

  it("does not call a lone outlier an onset, at the end or in the middle", () => {
    const noise = gaussian(seededRandom(9));
    const atEnd = series(40, 60, (i) => (i === 39 ? 500 : 10 + noise()));
    const inMiddle = series(40, 60, (i) => (i === 30 ? 500 : 10 + noise()));
    expect(detectOnset(atEnd)).toBeNull();
    expect(detectOnset(inMiddle)).toBeNull();
  });

  it("ignores slow diurnal drift over 90 minutes of 15-second samples", () => {
    const noise = gaussian(seededRandom(10));
    // The steepest part of a daily cycle: the level climbs by about 24 noise widths in the window.
    const drift = (i: number) => 1000 + 300 * Math.sin((2 * Math.PI * i * 15) / 86_400);
    expect(detectOnset(series(360, 15, (i) => drift(i) + 5 * noise()))).toBeNull();
  });

  it("ignores a morning traffic ramp that keeps accelerating", () => {
    const noise = gaussian(seededRandom(14));
    // 1000 → 1180 requests/s over 90 minutes, each quarter-hour climbing faster than the last.
    const ramp = (i: number) => 1000 + 180 * (i / 360) ** 2;
    expect(detectOnset(series(360, 15, (i) => ramp(i) + 2 * noise()))).toBeNull();
  });

  it("finds a step that rides on diurnal drift", () => {
    const noise = gaussian(seededRandom(11));
    const drift = (i: number) => 1000 + 300 * Math.sin((2 * Math.PI * i * 15) / 86_400);
    const points = series(360, 15, (i) => drift(i) + 5 * noise() + (i >= 330 ? 80 : 0));
    expect(detectOnset(points)).toMatchObject({ index: 330, direction: "up" });
  });

  it("only reports onsets inside the search range", () => {
    const noise = gaussian(seededRandom(12));
    const points = series(60, 60, (i) => 10 + noise() + (i >= 50 ? 30 : 0));
    expect(detectOnset(points, { searchTo: START + 45 * 60 })).toBeNull();
    expect(detectOnset(points, { searchFrom: START + 40 * 60, searchTo: START + 55 * 60 })?.index).toBe(50);
  });

  it("needs the shift to clear minShift baseline IQRs", () => {
    const noise = gaussian(seededRandom(13));
    const points = series(60, 60, (i) => 10 + noise() + (i >= 50 ? 6 : 0));
    expect(detectOnset(points)?.index).toBe(50);
    expect(detectOnset(points, { minShift: 8 })).toBeNull();
  });
});
