import { describe, expect, it } from "vitest";
import {
  iqr,
  mad,
  mean,
  median,
  quantile,
  robustSummary,
  theilSenSlope,
} from "../../../src/analysis/stats.ts";

describe("stats", () => {
  it("interpolates quantiles between order statistics like numpy", () => {
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([10], 0.9)).toBe(10);
  });

  it("ignores non-finite values and answers NaN for an empty input", () => {
    expect(median([1, Number.NaN, 3, Number.POSITIVE_INFINITY, 2])).toBe(2);
    expect(median([])).toBeNaN();
    expect(mean([Number.NaN])).toBeNaN();
  });

  it("measures spread as IQR and median absolute deviation", () => {
    expect(iqr([1, 2, 3, 4, 5, 6, 7, 8, 9])).toBe(4);
    expect(mad([1, 1, 2, 2, 4, 6, 9])).toBe(1);
    expect(mean([1, 2, 3, 6])).toBe(3);
  });

  it("falls back to the mean absolute deviation when the IQR of a mostly flat baseline is 0", () => {
    const summary = robustSummary([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(summary.iqr).toBe(0);
    expect(summary.scale).toBeCloseTo(1.69 * 0.1, 10);
  });

  it("floors the scale at 1% of the level so a perfectly flat series does not explode", () => {
    expect(robustSummary([50, 50, 50, 50])).toEqual({ median: 50, iqr: 0, scale: 0.5, flat: true });
    expect(robustSummary([0, 0, 0]).scale).toBe(1e-9);
  });

  it("fits a robust slope that one wild point does not move", () => {
    const xs = [0, 1, 2, 3, 4, 5, 6, 7];
    const ys = xs.map((x) => 2 * x + 1);
    ys[3] = 500;
    expect(theilSenSlope(xs, ys)).toBe(2);
  });
});
