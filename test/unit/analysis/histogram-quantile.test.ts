import { describe, expect, it } from "vitest";
import { histogramQuantile, histogramQuantileOverTime } from "../../../src/analysis/histogram-quantile.ts";

const buckets = [
  { le: "0.1", count: 50 },
  { le: "0.5", count: 90 },
  { le: "1", count: 100 },
  { le: "+Inf", count: 100 },
];

describe("histogramQuantile", () => {
  it("interpolates inside the bucket where the rank falls, as PromQL does", () => {
    expect(histogramQuantile(0.5, buckets)).toBeCloseTo(0.1, 12);
    expect(histogramQuantile(0.7, buckets)).toBeCloseTo(0.3, 12);
    expect(histogramQuantile(0.25, buckets)).toBeCloseTo(0.05, 12);
  });

  it("answers the highest finite bound when the rank falls in the +Inf bucket", () => {
    expect(histogramQuantile(0.99, [...buckets.slice(0, 3), { le: "+Inf", count: 200 }])).toBe(1);
  });

  it("sorts buckets and repairs counts that are not monotone", () => {
    const shuffled = [
      { le: "+Inf", count: 10 },
      { le: 1, count: 10 },
      { le: 0.5, count: 11 },
      { le: 0.1, count: 2 },
    ];
    // +Inf is lifted to 11 to match the 0.5 bucket, so the median rank is 5.5.
    expect(histogramQuantile(0.5, shuffled)).toBeCloseTo(0.1 + 0.4 * (3.5 / 9), 12);
  });

  it("answers NaN without observations or without a +Inf bucket", () => {
    expect(
      histogramQuantile(0.9, [
        { le: "+Inf", count: 0 },
        { le: "1", count: 0 },
      ]),
    ).toBeNaN();
    expect(histogramQuantile(0.9, [{ le: "1", count: 5 }])).toBeNaN();
  });

  it("computes a quantile at every time the bucket series share", () => {
    const over = histogramQuantileOverTime(0.5, [
      {
        le: "0.1",
        points: [
          [0, 5],
          [15, 0],
          [30, 1],
        ],
      },
      {
        le: "1",
        points: [
          [0, 10],
          [15, 10],
          [30, 2],
        ],
      },
      {
        le: "+Inf",
        points: [
          [0, 10],
          [15, 10],
        ],
      },
    ]);
    expect(over).toEqual([
      [0, 0.1],
      [15, 0.55],
    ]);
  });
});
