import { describe, expect, it } from "vitest";
import { createReplayMetricsSource } from "../../../integrations/replay/replay-metrics-source.ts";
import type { MetricsSource, Series } from "../../../src/ports/metrics-source.ts";
import { SourceUnavailableError } from "../../../src/ports/source-errors.ts";
import type { TimeRange } from "../../../src/ports/time-range.ts";
import { fetchRawMetrics } from "../../../src/record/fetch-raw-metrics.ts";

const NOW = 1_714_564_800;

/** Irregular scrapes (59-61 s apart, like real ones) of a counter that stops 2 minutes before now. */
const requests = {
  metric: { __name__: "http_requests_total", service: "checkout", pod: "checkout-1" },
  values: [
    [NOW - 600, "10"],
    [NOW - 541, "12"],
    [NOW - 479, "15"],
    [NOW - 420, "3"],
    [NOW - 361, "9"],
    [NOW - 120, "11"],
  ] as Array<[number, string]>,
};
const other = {
  metric: { __name__: "http_requests_total", service: "cart", pod: "cart-1" },
  values: [[NOW - 300, "1"]] as Array<[number, string]>,
};
const countSibling = {
  metric: { __name__: "latency_seconds_count", service: "checkout" },
  values: [
    [NOW - 500, "4"],
    [NOW - 200, "5"],
  ] as Array<[number, string]>,
};

const base = { resolutionSeconds: 1, concurrency: 2, maxListedSeries: 100, requiredSeries: [] };

function replayMetrics(
  series: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> = [
    requests,
    other,
    countSibling,
  ],
) {
  return createReplayMetricsSource({ series, nowSeconds: NOW });
}

describe("fetchRawMetrics", () => {
  it("brings back every sample of a selector exactly, and does not stretch a series that stopped", async () => {
    const { series, warnings } = await fetchRawMetrics({
      ...base,
      metrics: replayMetrics(),
      selectors: ['{__name__="http_requests_total", service="checkout"}'],
      range: { start: NOW - 900, end: NOW },
    });

    expect(warnings).toEqual([]);
    expect(series).toEqual([requests]);
  });

  it("keeps only the samples inside the range it was given", async () => {
    const { series } = await fetchRawMetrics({
      ...base,
      metrics: replayMetrics(),
      selectors: ['{__name__="http_requests_total"}'],
      range: { start: NOW - 450, end: NOW - 100 },
    });

    expect(series.map((entry) => [entry.metric.service, entry.values.map(([time]) => NOW - time)])).toEqual([
      ["cart", [300]],
      ["checkout", [420, 361, 120]],
    ]);
  });

  it("splits a long range into queries under Prometheus' point limit and stores each sample once", async () => {
    const asked: TimeRange[] = [];
    const inner = replayMetrics();
    const counting: MetricsSource = {
      queryRange: (query, range, signal) => {
        if (query.startsWith("last_over_time")) asked.push(range);
        return inner.queryRange(query, range, signal);
      },
      series: inner.series,
    };

    const { series } = await fetchRawMetrics({
      ...base,
      resolutionSeconds: 0.05,
      metrics: counting,
      selectors: ['{__name__="http_requests_total", service="checkout"}'],
      range: { start: NOW - 700, end: NOW },
    });

    expect(asked.length).toBe(2);
    expect(asked.every((range) => (range.end - range.start) / range.stepSeconds < 11_000)).toBe(true);
    expect(asked[1]!.end).toBe(NOW);
    expect(series).toEqual([requests]);
  });

  it("moves a sample between grid times to the next grid time at or after it", async () => {
    const fractional = { metric: { __name__: "g" }, values: [[NOW - 10.4, "7"]] as Array<[number, string]> };

    const { series } = await fetchRawMetrics({
      ...base,
      metrics: replayMetrics([fractional]),
      selectors: ['{__name__="g"}'],
      range: { start: NOW - 60, end: NOW },
    });

    expect(series).toEqual([{ metric: { __name__: "g" }, values: [[NOW - 10, "7"]] }]);
  });

  it("fetches, by metric name, the listed series no query read, and only those", async () => {
    const { series } = await fetchRawMetrics({
      ...base,
      metrics: replayMetrics(),
      selectors: ['{__name__="http_requests_total", service="checkout"}'],
      requiredSeries: [requests.metric, countSibling.metric],
      range: { start: NOW - 900, end: NOW },
    });

    expect(series).toEqual([requests, countSibling]);
  });

  it("leaves listed series out with a warning when there are more than it may fetch", async () => {
    const { series, warnings } = await fetchRawMetrics({
      ...base,
      maxListedSeries: 1,
      metrics: replayMetrics(),
      selectors: [],
      requiredSeries: [other.metric, countSibling.metric],
      range: { start: NOW - 900, end: NOW },
    });

    expect(series).toEqual([]);
    expect(warnings).toEqual([expect.stringContaining("listed 2 series no query read (more than 1)")]);
  });

  it("restores the metric name a source dropped, and turns a selector it cannot read into a warning", async () => {
    const dropsNames: MetricsSource = {
      async queryRange(query) {
        if (query.includes("broken")) throw new SourceUnavailableError("metrics", "connection refused");
        return [{ metric: { service: "checkout" }, values: [[NOW, 1]] }] satisfies Series[];
      },
      series: async () => [],
    };

    const { series, warnings } = await fetchRawMetrics({
      ...base,
      metrics: dropsNames,
      selectors: ['{__name__="up", service="checkout"}', '{__name__="broken"}'],
      range: { start: NOW - 60, end: NOW },
    });

    expect(series).toEqual([{ metric: { service: "checkout", __name__: "up" }, values: [[NOW, "1"]] }]);
    expect(warnings).toEqual([
      'metrics: could not fetch 1 of 2 selectors ({__name__="broken"}: connection refused)',
    ]);
  });

  it("asks a source whose windows are closed on the left (Prometheus 2) for windows 1 ms short of the step", async () => {
    const queries: string[] = [];
    const leftClosed: MetricsSource = {
      async queryRange(query) {
        queries.push(query);
        // [t-2s, t] holds three 1 s subquery points where Prometheus 2 evaluates it.
        if (query.startsWith("count_over_time(vector(1)")) return [{ metric: {}, values: [[NOW, 3]] }];
        return [];
      },
      series: async () => [],
    };

    await fetchRawMetrics({
      ...base,
      metrics: leftClosed,
      selectors: ['{__name__="up"}'],
      range: { start: NOW - 60, end: NOW },
    });

    expect(queries.at(-1)).toBe('last_over_time({__name__="up"}[999ms])');
  });
});
