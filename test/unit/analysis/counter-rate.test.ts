import { describe, expect, it } from "vitest";
import { counterToRate, looksLikeCounter } from "../../../src/analysis/counter-rate.ts";

describe("counterToRate", () => {
  it("turns a counter into a per-second rate against the previous sample", () => {
    const rates = counterToRate([
      [0, 100],
      [15, 130],
      [30, 190],
    ]);
    expect(rates).toEqual([
      [15, 2],
      [30, 4],
    ]);
  });

  it("counts a drop as a restart from zero, like Prometheus", () => {
    const rates = counterToRate([
      [0, 1000],
      [10, 1100],
      [20, 30],
      [30, 90],
    ]);
    expect(rates).toEqual([
      [10, 10],
      [20, 3],
      [30, 6],
    ]);
  });

  it("spreads the increase over a look-back window and skips points with nothing older in it", () => {
    const points = [
      [0, 0],
      [15, 15],
      [30, 30],
      [45, 90],
      [60, 120],
    ] as const;
    expect(counterToRate(points, { windowSeconds: 30 })).toEqual([
      [15, 1],
      [30, 1],
      [45, 2.5],
      [60, 3],
    ]);
    expect(counterToRate([[0, 5]], { windowSeconds: 60 })).toEqual([]);
  });

  it("skips non-finite samples", () => {
    expect(
      counterToRate([
        [0, 10],
        [10, Number.NaN],
        [20, 30],
      ]),
    ).toEqual([[20, 1]]);
  });
});

describe("looksLikeCounter", () => {
  it("trusts the Prometheus counter suffixes", () => {
    expect(looksLikeCounter("http_requests_total", [5, 4, 3])).toBe(true);
    expect(looksLikeCounter("request_duration_seconds_bucket", [])).toBe(true);
    expect(looksLikeCounter("rpc_latency_count", [])).toBe(true);
  });

  it("treats a rising memory gauge as a gauge because its name says so", () => {
    expect(looksLikeCounter("container_memory_working_set_bytes", [1, 2, 3, 4, 5, 6])).toBe(false);
  });

  it("recognises an unnamed counter from values that only rise or reset", () => {
    expect(looksLikeCounter("", [10, 12, 15, 15, 19, 2, 5, 9, 14, 20, 26])).toBe(true);
  });

  it("rejects values that wobble down without resetting", () => {
    expect(looksLikeCounter("", [10, 12, 11, 13, 12, 14, 13, 15])).toBe(false);
    expect(looksLikeCounter("", [1, 2])).toBe(false);
  });
});
