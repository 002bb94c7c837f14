import { describe, expect, it } from "vitest";
import { trendOf } from "../../../src/analysis/sustained-rise.ts";

const at = (values: number[]) => values.map((value, index) => [index * 60, value] as const);

describe("trendOf", () => {
  it("sees a noisy ramp as a steady rise", () => {
    const ramp = at(Array.from({ length: 60 }, (_, i) => 100 + i * 2 + (i % 3) * 1.5));
    const trend = trendOf(ramp);
    expect(trend.rho).toBeGreaterThan(0.95);
    expect(trend.growth).toBeGreaterThan(1.5);
  });

  it("does not mistake a late step for a steady rise", () => {
    const step = at(Array.from({ length: 60 }, (_, i) => (i < 50 ? 100 + (i % 5) : 160 + (i % 5))));
    expect(trendOf(step).rho).toBeLessThan(0.8);
  });

  it("reports no trend for a flat or too short series", () => {
    expect(trendOf(at(Array.from({ length: 30 }, () => 5)))).toEqual({ rho: 0, growth: 1 });
    expect(trendOf(at([1, 2, 3]))).toEqual({ rho: 0, growth: null });
  });
});
