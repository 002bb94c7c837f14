import { describe, expect, it } from "vitest";
import { calibrateConfidence } from "../../../src/analysis/calibrate-confidence.ts";

describe("calibrateConfidence", () => {
  it("maps a strong, clear, well-evidenced top hypothesis near 0.9 and a weak one near 0.3", () => {
    expect(calibrateConfidence(0.8, 0.4, 3)).toBeCloseTo(0.901, 3);
    expect(calibrateConfidence(0.3, 0.05, 1)).toBeCloseTo(0.29, 2);
  });

  it("never lowers confidence when score, margin or evidence grow", () => {
    const grid = [0, 0.25, 0.5, 0.75, 1];
    for (const score of grid) {
      for (const margin of grid) {
        for (const evidence of [0, 1, 3, 10]) {
          const base = calibrateConfidence(score, margin, evidence);
          expect(calibrateConfidence(Math.min(1, score + 0.1), margin, evidence)).toBeGreaterThanOrEqual(
            base,
          );
          expect(calibrateConfidence(score, Math.min(1, margin + 0.1), evidence)).toBeGreaterThanOrEqual(
            base,
          );
          expect(calibrateConfidence(score, margin, evidence + 1)).toBeGreaterThan(base);
        }
      }
    }
  });

  it("stays inside 0..1 and clamps out-of-range inputs", () => {
    expect(calibrateConfidence(5, 5, 1e9)).toBeLessThanOrEqual(1);
    expect(calibrateConfidence(-1, -1, -5)).toBe(calibrateConfidence(0, 0, 0));
    expect(calibrateConfidence(Number.NaN, 0, Number.NaN)).toBe(calibrateConfidence(0, 0, 0));
  });

  it("takes refitted coefficients", () => {
    expect(calibrateConfidence(1, 0, 0, { intercept: 0, score: 0, margin: 0, evidence: 0 })).toBe(0.5);
  });
});
