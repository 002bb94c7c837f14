import { describe, expect, it } from "vitest";
import { createReplayMetricsSource } from "../../../integrations/replay/replay-metrics-source.ts";
import { SourceQueryError } from "../../../src/ports/source-errors.ts";

const NOW = 1_700_000_000;

function source(series: Array<{ metric: Record<string, string>; values: Array<[number, string]> }>) {
  return createReplayMetricsSource({ series, nowSeconds: NOW });
}

const gauge = (labels: Record<string, string>, points: Array<[number, number]>) => ({
  metric: { __name__: "g", ...labels },
  values: points.map(([t, v]): [number, string] => [NOW + t, String(v)]),
});

describe("replay metrics source", () => {
  it("never shows a sample recorded after now, even when the range reaches past it", async () => {
    const metrics = source([
      gauge({ pod: "a" }, [
        [-120, 1],
        [-60, 2],
        [0, 3],
        [60, 99],
        [120, 99],
      ]),
    ]);
    const result = await metrics.queryRange("g", { start: NOW - 120, end: NOW + 300, stepSeconds: 60 });
    expect(result[0]?.values).toEqual([
      [NOW - 120, 1],
      [NOW - 60, 2],
      [NOW, 3],
    ]);
    const max = await metrics.queryRange("max_over_time(g[10m])", { start: NOW, end: NOW, stepSeconds: 60 });
    expect(max[0]?.values).toEqual([[NOW, 3]]);
    // A negative offset looks forward in time; the future must still not be there.
    const ahead = await metrics.queryRange("max_over_time(g[5m] offset -3m)", {
      start: NOW,
      end: NOW,
      stepSeconds: 60,
    });
    expect(ahead[0]?.values).toEqual([[NOW, 3]]);
    expect(await metrics.queryRange("g offset -1m", { start: NOW, end: NOW, stepSeconds: 60 })).toEqual([
      { metric: { __name__: "g", pod: "a" }, values: [[NOW, 3]] },
    ]);
    expect(await metrics.queryRange("g", { start: NOW + 60, end: NOW + 600, stepSeconds: 60 })).toEqual([]);
    expect(await metrics.series(["g"], { start: NOW + 1, end: NOW + 600 })).toEqual([]);
  });

  it("extrapolates rate and increase like Prometheus when a series starts and ends inside the window", async () => {
    // Samples 60 s apart at 1/s; the 300 s window holds 100..220, so both ends extrapolate by
    // half an interval: 120 s sampled, 180 s assumed, increase 180, rate 0.6.
    const metrics = source([
      {
        metric: { __name__: "c_total" },
        values: [
          [NOW - 200, "100"],
          [NOW - 140, "160"],
          [NOW - 80, "220"],
        ],
      },
    ]);
    const range = { start: NOW, end: NOW, stepSeconds: 60 };
    expect((await metrics.queryRange("increase(c_total[5m])", range))[0]?.values[0]?.[1]).toBeCloseTo(180, 9);
    expect((await metrics.queryRange("rate(c_total[5m])", range))[0]?.values[0]?.[1]).toBeCloseTo(0.6, 9);
    expect((await metrics.queryRange("irate(c_total[5m])", range))[0]?.values[0]?.[1]).toBeCloseTo(1, 9);
  });

  it("never extrapolates a counter below zero", async () => {
    // Starts at 10 and gains 60 over 60 s: extrapolating 30 s back would cross zero 10 s back.
    const metrics = source([
      {
        metric: { __name__: "c_total" },
        values: [
          [NOW - 100, "10"],
          [NOW - 70, "40"],
          [NOW - 40, "70"],
        ],
      },
    ]);
    const increase = await metrics.queryRange("increase(c_total[5m])", {
      start: NOW,
      end: NOW,
      stepSeconds: 60,
    });
    expect(increase[0]?.values[0]?.[1]).toBeCloseTo(60 * ((60 + 10 + 15) / 60), 9);
  });

  it("evaluates topk, over-time functions, counts and comparisons", async () => {
    const metrics = source([
      gauge({ pod: "a" }, [
        [-120, 1],
        [-60, 5],
        [0, 2],
      ]),
      gauge({ pod: "b" }, [
        [-120, 4],
        [-60, 3],
        [0, 9],
      ]),
      gauge({ pod: "c" }, [
        [-120, 7],
        [-60, 0],
        [0, 1],
      ]),
    ]);
    const at = (query: string) => metrics.queryRange(query, { start: NOW, end: NOW, stepSeconds: 60 });
    const byPod = async (query: string) =>
      Object.fromEntries((await at(query)).map((series) => [series.metric.pod ?? "", series.values[0]?.[1]]));
    expect(await byPod("topk(2, g)")).toEqual({ b: 9, a: 2 });
    expect((await at("topk(2, g)"))[0]?.metric.__name__).toBe("g");
    expect(await byPod("bottomk(1, g)")).toEqual({ c: 1 });
    expect(await byPod("avg_over_time(g[3m])")).toEqual({ a: 8 / 3, b: 16 / 3, c: 8 / 3 });
    expect(await byPod("max_over_time(g[3m])")).toEqual({ a: 5, b: 9, c: 7 });
    expect(await byPod("g > 1")).toEqual({ a: 2, b: 9 });
    expect(await byPod("g > bool 1")).toEqual({ a: 1, b: 1, c: 0 });
    expect(await byPod("g offset 1m")).toEqual({ a: 5, b: 3, c: 0 });
    expect((await at("count(g)"))[0]?.values[0]?.[1]).toBe(3);
    expect((await at("-g")).map((series) => series.values[0]?.[1]).sort()).toEqual([-1, -2, -9]);
  });

  it("evaluates and, or and unless by label signature, keeping left-hand labels", async () => {
    const metrics = source([
      gauge({ pod: "a" }, [[0, 1]]),
      gauge({ pod: "b" }, [[0, 2]]),
      { metric: { __name__: "up", pod: "b" }, values: [[NOW, "1"]] },
      { metric: { __name__: "up", pod: "c" }, values: [[NOW, "0"]] },
    ]);
    const at = async (query: string) =>
      (await metrics.queryRange(query, { start: NOW, end: NOW, stepSeconds: 60 }))
        .map((series) => `${series.metric.__name__}/${series.metric.pod}=${series.values[0]?.[1]}`)
        .sort();
    expect(await at("g and up")).toEqual(["g/b=2"]);
    expect(await at("g unless up")).toEqual(["g/a=1"]);
    expect(await at("g or up")).toEqual(["g/a=1", "g/b=2", "up/c=0"]);
    expect(await at("g and on(pod) (up == 0)")).toEqual([]);
    await expect(metrics.queryRange("1 and g", { start: NOW, end: NOW, stepSeconds: 60 })).rejects.toThrow(
      /only works between instant vectors/,
    );
  });

  it("follows Prometheus operator precedence", async () => {
    const metrics = source([]);
    const value = async (query: string) =>
      (await metrics.queryRange(query, { start: NOW, end: NOW, stepSeconds: 60 }))[0]?.values[0]?.[1];
    expect(await value("1 + 2 * 3")).toBe(7);
    expect(await value("-2 ^ 2")).toBe(-4);
    expect(await value("2 ^ 3 ^ 2")).toBe(512);
    expect(await value("(1 + 2) * 3 % 4")).toBe(1);
    expect(await value("10 - 4 - 3")).toBe(3);
  });

  it("keeps NaN samples as values and decodes escaped regexes", async () => {
    const metrics = source([
      { metric: { __name__: "ratio", path: "a.b" }, values: [[NOW, "NaN"]] },
      { metric: { __name__: "ratio", path: "axb" }, values: [[NOW, "+Inf"]] },
    ]);
    const range = { start: NOW, end: NOW, stepSeconds: 60 };
    const result = await metrics.queryRange('ratio{path=~"a\\\\.b"}', range);
    expect(result).toHaveLength(1);
    expect(result[0]?.values[0]?.[1]).toBeNaN();
    expect((await metrics.queryRange('ratio{path="axb"}', range))[0]?.values[0]?.[1]).toBe(Infinity);
    await expect(metrics.queryRange('ratio{path=~"a\\.b"}', range)).rejects.toThrow(
      /unknown escape sequence/,
    );
  });

  it("refuses unsupported syntax with a SourceQueryError that says so", async () => {
    const metrics = source([gauge({ pod: "a" }, [[0, 1]])]);
    const range = { start: NOW, end: NOW, stepSeconds: 60 };
    for (const query of [
      "g * on(pod) group_left g",
      "max_over_time(rate(g[1m])[5m:1m])",
      'label_replace(g, "x", "$1", "pod", "(.*)")',
      'count_values("value", g)',
      "g @ 1700000000",
    ]) {
      const attempt = metrics.queryRange(query, range);
      await expect(attempt).rejects.toBeInstanceOf(SourceQueryError);
      await expect(attempt).rejects.toThrow(/not supported/);
    }
  });

  it("refuses selectors that match everything, bad steps, too many points and many-to-many matches", async () => {
    const metrics = source([
      gauge({ pod: "a", zone: "x" }, [[0, 1]]),
      gauge({ pod: "b", zone: "x" }, [[0, 2]]),
    ]);
    const range = { start: NOW, end: NOW, stepSeconds: 60 };
    await expect(metrics.queryRange('{pod=~".*"}', range)).rejects.toThrow(/non-empty matcher/);
    await expect(metrics.queryRange("g", { ...range, stepSeconds: 0 })).rejects.toBeInstanceOf(
      SourceQueryError,
    );
    await expect(metrics.queryRange("g", { start: NOW - 86_400, end: NOW, stepSeconds: 1 })).rejects.toThrow(
      /11000/,
    );
    await expect(metrics.queryRange("g / on(zone) g", range)).rejects.toThrow(/duplicate series/);
    await expect(
      metrics.queryRange("g", { start: NOW, end: NOW - 1, stepSeconds: 1 }),
    ).rejects.toBeInstanceOf(SourceQueryError);
  });

  it("refuses series that collide once __name__ is dropped", async () => {
    const metrics = source([
      { metric: { __name__: "a_total", pod: "x" }, values: [[NOW, "1"]] },
      { metric: { __name__: "b_total", pod: "x" }, values: [[NOW, "2"]] },
    ]);
    await expect(
      metrics.queryRange('abs({__name__=~"a_total|b_total"})', { start: NOW, end: NOW, stepSeconds: 60 }),
    ).rejects.toThrow(/same labelset/);
  });

  it("rejects a query whose signal is already aborted", async () => {
    const metrics = source([gauge({ pod: "a" }, [[0, 1]])]);
    const controller = new AbortController();
    controller.abort(new Error("deadline"));
    await expect(
      metrics.queryRange("g", { start: NOW, end: NOW, stepSeconds: 60 }, controller.signal),
    ).rejects.toThrow("deadline");
  });
});
