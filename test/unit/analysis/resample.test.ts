import { describe, expect, it } from "vitest";
import { alignSeries, combineSeries, ratioSeries, resampleToStep } from "../../../src/analysis/resample.ts";

describe("resampleToStep", () => {
  it("takes the newest sample at or before each grid time, as a range query does", () => {
    const points = [
      [7, 1],
      [22, 2],
      [50, 3],
    ] as const;
    expect(resampleToStep(points, { stepSeconds: 15 })).toEqual([
      [15, 1],
      [30, 2],
      [45, 2],
    ]);
  });

  it("leaves out grid times whose newest sample is older than the look-back", () => {
    const points = [
      [0, 1],
      [100, 2],
    ] as const;
    expect(resampleToStep(points, { stepSeconds: 20, lookbackSeconds: 30 })).toEqual([
      [0, 1],
      [20, 1],
      [100, 2],
    ]);
  });
});

describe("alignSeries and combineSeries", () => {
  const podA = [
    [0, 1],
    [60, 2],
    [120, 3],
  ] as const;
  const podB = [
    [60, 10],
    [120, 20],
  ] as const;

  it("puts several series on one grid with nulls where one has no sample", () => {
    expect(alignSeries([podA, podB], { stepSeconds: 60, lookbackSeconds: 30 })).toEqual({
      times: [0, 60, 120],
      rows: [
        [1, 2, 3],
        [null, 10, 20],
      ],
    });
  });

  it("sums per-pod series into one, leaving a missing pod out rather than counting it as 0", () => {
    expect(combineSeries([podA, podB], "sum", { stepSeconds: 60, lookbackSeconds: 30 })).toEqual([
      [0, 1],
      [60, 12],
      [120, 23],
    ]);
    expect(combineSeries([podA, podB], "max", { stepSeconds: 60, lookbackSeconds: 30 })).toEqual([
      [0, 1],
      [60, 10],
      [120, 20],
    ]);
  });
});

describe("ratioSeries", () => {
  it("divides errors by requests and drops cells without traffic", () => {
    const errors = [[60, 1]] as const;
    const requests = [
      [0, 0],
      [60, 4],
      [120, 8],
    ] as const;
    expect(ratioSeries(errors, requests, { stepSeconds: 60, lookbackSeconds: 30 })).toEqual([[60, 0.25]]);
    expect(
      ratioSeries(errors, requests, { stepSeconds: 60, lookbackSeconds: 30, missingNumeratorAsZero: true }),
    ).toEqual([
      [60, 0.25],
      [120, 0],
    ]);
  });
});
