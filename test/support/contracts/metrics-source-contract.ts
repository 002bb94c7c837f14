import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Labels, MetricsSource, Series } from "../../../src/ports/metrics-source.ts";
import { SourceQueryError, SourceUnavailableError } from "../../../src/ports/source-errors.ts";
import {
  CONTRACT_T0,
  type ContractHarness,
  type MakeSource,
  type MakeUnavailableSource,
} from "./contract-harness.ts";

export interface MetricsFixture {
  /** The moment the source is asked; every sample is at or before it. */
  now: number;
  /** Prometheus `query_range` matrix form. */
  series: Array<{ metric: Labels; values: Array<[number, string]> }>;
}

const T0 = CONTRACT_T0;
const SCRAPE = 15;
const RESET_AT = T0 + 900;

function sampled(from: number, to: number, value: (t: number) => number): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  for (let t = from; t <= to; t += SCRAPE) out.push([t, String(value(t))]);
  return out;
}

/** Counters at known per-second rates (one restarts), a histogram, gauges, and series that stop early. */
export function metricsContractFixture(): MetricsFixture {
  const requests = (labels: Labels, perSecond: number) => ({
    metric: { __name__: "http_requests_total", namespace: "shop", ...labels },
    values: sampled(T0, T0 + 1800, (t) => perSecond * (t - T0)),
  });
  const bucket = (le: string, perSecond: number) => ({
    metric: { __name__: "http_request_duration_seconds_bucket", service: "checkout", namespace: "shop", le },
    values: sampled(T0, T0 + 1800, (t) => perSecond * (t - T0)),
  });
  return {
    now: T0 + 3600,
    series: [
      requests({ service: "checkout", pod: "checkout-1", code: "200" }, 10),
      {
        metric: {
          __name__: "http_requests_total",
          service: "checkout",
          namespace: "shop",
          pod: "checkout-2",
          code: "200",
        },
        // The pod restarts at RESET_AT and its counter starts again from zero.
        values: sampled(T0, T0 + 1800, (t) => (t < RESET_AT ? 5 * (t - T0) : 5 * (t - RESET_AT))),
      },
      requests({ service: "payments", pod: "payments-1", code: "200" }, 8),
      requests({ service: "payments", pod: "payments-1", code: "500" }, 2),
      requests({ service: "checkout-v2", pod: "checkout-v2-1", code: "200" }, 1),
      bucket("0.1", 1),
      bucket("0.5", 3),
      bucket("1", 4),
      bucket("+Inf", 4),
      {
        metric: { __name__: "queue_depth", service: "checkout", namespace: "shop" },
        values: sampled(T0, T0 + 1800, (t) => (t - T0) / SCRAPE),
      },
      {
        metric: { __name__: "batch_last_success_timestamp", service: "jobs", namespace: "ops" },
        values: sampled(T0, T0 + 600, (t) => t),
      },
      {
        metric: { __name__: "legacy_up", service: "legacy", namespace: "old" },
        values: sampled(T0, T0 + 300, () => 1),
      },
    ],
  };
}

/**
 * The behaviour every `MetricsSource` shares with Prometheus' HTTP API: label matching, lookback,
 * counter rates across a reset, aggregation, histogram quantiles, vector matching, errors.
 * Run it against the replay source, a backfilled Prometheus, and any fake.
 */
export function describeMetricsSourceContract(
  name: string,
  make: MakeSource<MetricsFixture, MetricsSource>,
  makeUnavailable: MakeUnavailableSource<MetricsSource>,
): void {
  describe(`MetricsSource contract: ${name}`, () => {
    let harness: ContractHarness<MetricsSource>;
    const query = (promql: string, start = T0 + 300, end = T0 + 600, stepSeconds = 60) =>
      harness.source.queryRange(promql, { start, end, stepSeconds });

    beforeAll(async () => {
      harness = await make(metricsContractFixture());
    });
    afterAll(async () => {
      await harness?.close();
    });

    it("answers an instant selector with the latest sample at each step and keeps __name__", async () => {
      const result = await query("queue_depth", T0 + 600, T0 + 900);
      expect(result).toHaveLength(1);
      expect(result[0]?.metric).toEqual({ __name__: "queue_depth", service: "checkout", namespace: "shop" });
      expect(result[0]?.values).toEqual([600, 660, 720, 780, 840, 900].map((s) => [T0 + s, s / SCRAPE]));
    });

    it("matches labels with =, !=, =~ and !~, with regexes anchored to the whole value", async () => {
      expect(pods(await query('http_requests_total{service="checkout"}'))).toEqual([
        "checkout-1",
        "checkout-2",
      ]);
      expect(pods(await query('http_requests_total{service!="checkout"}'))).toEqual([
        "checkout-v2-1",
        "payments-1",
        "payments-1",
      ]);
      expect(pods(await query('http_requests_total{service=~"checkout"}'))).toEqual([
        "checkout-1",
        "checkout-2",
      ]);
      expect(await query('http_requests_total{service=~"check"}')).toEqual([]);
      expect(pods(await query('http_requests_total{service=~"checkout.*"}'))).toEqual([
        "checkout-1",
        "checkout-2",
        "checkout-v2-1",
      ]);
      expect(pods(await query('http_requests_total{service!~"checkout.*"}'))).toEqual([
        "payments-1",
        "payments-1",
      ]);
      expect(pods(await query('http_requests_total{service="payments", code="500"}'))).toEqual([
        "payments-1",
      ]);
    });

    it('treats a missing label as empty, so != keeps and ="" selects series without it', async () => {
      expect(await query('queue_depth{pod!="checkout-1"}')).toHaveLength(1);
      expect(await query('queue_depth{pod=""}')).toHaveLength(1);
      expect(await query('queue_depth{pod="checkout-1"}')).toEqual([]);
    });

    it("selects metrics by a __name__ regex", async () => {
      const result = await query('{__name__=~"http_request.*", service="checkout"}');
      const names = new Set(result.map((series) => series.metric.__name__));
      expect(names).toEqual(new Set(["http_requests_total", "http_request_duration_seconds_bucket"]));
      expect(result).toHaveLength(6);
    });

    it("answers an empty list, not an error, when nothing matches", async () => {
      expect(await query("no_such_metric")).toEqual([]);
      expect(await query('http_requests_total{service="nowhere"}')).toEqual([]);
    });

    it("stops answering a series five minutes after its last sample", async () => {
      const result = await query("batch_last_success_timestamp", T0 + 570, T0 + 1230);
      expect(result).toHaveLength(1);
      expect(result[0]?.values.map(([t]) => t - T0)).toEqual([570, 630, 690, 750, 810, 870]);
      expect(result[0]?.values.at(-1)?.[1]).toBe(T0 + 600);
    });

    it("computes rate and increase over counters, counting a reset as a restart from zero", async () => {
      const steady = await query('rate(http_requests_total{pod="checkout-1"}[1m])');
      expect(steady[0]?.values).toHaveLength(6);
      for (const [, value] of steady[0]?.values ?? []) expect(value).toBeCloseTo(10, 6);

      const result = await query('rate(http_requests_total{pod="checkout-2"}[1m])', T0 + 600, T0 + 1200);
      const values = result[0]?.values ?? [];
      expect(values).toHaveLength(11);
      for (const [t, value] of values) {
        expect(value).toBeGreaterThan(0);
        expect(value).toBeLessThanOrEqual(5 + 1e-9);
        if (t !== RESET_AT) expect(value).toBeCloseTo(5, 6);
      }
      const increase = await query(
        'increase(http_requests_total{pod="checkout-2"}[1m])',
        T0 + 1020,
        T0 + 1080,
      );
      for (const [, value] of increase[0]?.values ?? []) expect(value).toBeCloseTo(300, 6);
    });

    it("drops __name__ after functions and arithmetic", async () => {
      const rate = await query('rate(http_requests_total{pod="checkout-1"}[1m])');
      expect(rate[0]?.metric).toEqual({
        service: "checkout",
        namespace: "shop",
        pod: "checkout-1",
        code: "200",
      });
      const scaled = await query("queue_depth * 2 + 1", T0 + 600, T0 + 600);
      expect(scaled).toEqual([
        { metric: { service: "checkout", namespace: "shop" }, values: [[T0 + 600, 81]] },
      ]);
    });

    it("sums by and without labels", async () => {
      const byService = await query('sum by (service) (rate(http_requests_total{code="200"}[1m]))');
      expect(byService.map((series) => series.metric)).toEqual(
        expect.arrayContaining([
          { service: "checkout" },
          { service: "payments" },
          { service: "checkout-v2" },
        ]),
      );
      expect(byService).toHaveLength(3);
      expect(firstValueOf(byService, { service: "checkout" })).toBeCloseTo(15, 6);
      expect(firstValueOf(byService, { service: "payments" })).toBeCloseTo(8, 6);
      const without = await query(
        'sum without (pod, code) (rate(http_requests_total{service="payments"}[1m]))',
      );
      expect(without).toHaveLength(1);
      expect(without[0]?.metric).toEqual({ service: "payments", namespace: "shop" });
      expect(without[0]?.values[0]?.[1]).toBeCloseTo(10, 6);
    });

    it("interpolates histogram_quantile inside the bucket that holds the rank", async () => {
      const median = await query(
        "histogram_quantile(0.5, sum by (le) (rate(http_request_duration_seconds_bucket[1m])))",
      );
      expect(median).toHaveLength(1);
      expect(median[0]?.metric).toEqual({});
      for (const [, value] of median[0]?.values ?? []) expect(value).toBeCloseTo(0.3, 6);
      const p90 = await query(
        "histogram_quantile(0.9, sum by (le, service) (rate(http_request_duration_seconds_bucket[1m])))",
      );
      expect(p90[0]?.metric).toEqual({ service: "checkout" });
      for (const [, value] of p90[0]?.values ?? []) expect(value).toBeCloseTo(0.8, 6);
    });

    it("divides vectors with one-to-one matching, on(...) and ignoring(...)", async () => {
      const ratio = await query(
        'sum by (service) (rate(http_requests_total{code="500"}[1m])) / sum by (service) (rate(http_requests_total[1m]))',
      );
      expect(ratio.map((series) => series.metric)).toEqual([{ service: "payments" }]);
      expect(ratio[0]?.values[0]?.[1]).toBeCloseTo(0.2, 6);
      const on = await query(
        'rate(http_requests_total{code="500"}[1m]) / on (pod) rate(http_requests_total{service="payments", code="200"}[1m])',
      );
      expect(on.map((series) => series.metric)).toEqual([{ pod: "payments-1" }]);
      expect(on[0]?.values[0]?.[1]).toBeCloseTo(0.25, 6);
      const ignoring = await query(
        'rate(http_requests_total{code="500"}[1m]) / ignoring (code) rate(http_requests_total{service="payments", code="200"}[1m])',
      );
      expect(ignoring.map((series) => series.metric)).toEqual([
        { service: "payments", namespace: "shop", pod: "payments-1" },
      ]);
    });

    it("rejects malformed and ill-typed queries with SourceQueryError", async () => {
      await expect(query("sum(rate(http_requests_total[1m])")).rejects.toBeInstanceOf(SourceQueryError);
      await expect(query("rate(queue_depth)")).rejects.toBeInstanceOf(SourceQueryError);
      await expect(query('queue_depth{service=~"("}')).rejects.toBeInstanceOf(SourceQueryError);
    });

    it("lists the label sets of matching series that have samples in the range", async () => {
      const range = { start: T0 + 600, end: T0 + 1200 };
      const checkout = await harness.source.series(['http_requests_total{service="checkout"}'], range);
      expect(checkout.map((labels) => labels.pod).sort()).toEqual(["checkout-1", "checkout-2"]);
      expect(checkout[0]?.__name__).toBe("http_requests_total");
      expect(
        await harness.source.series(['{service="legacy"}'], { start: T0 + 1200, end: T0 + 1800 }),
      ).toEqual([]);
      expect(await harness.source.series(['{service="legacy"}'], { start: T0, end: T0 + 600 })).toHaveLength(
        1,
      );
      const union = await harness.source.series(["queue_depth", '{service="jobs"}'], {
        start: T0,
        end: T0 + 1800,
      });
      expect(union.map((labels) => labels.__name__).sort()).toEqual([
        "batch_last_success_timestamp",
        "queue_depth",
      ]);
    });

    it("rejects with SourceUnavailableError when the backend cannot be asked", async () => {
      const down = await makeUnavailable();
      try {
        await expect(
          down.source.queryRange("queue_depth", { start: T0, end: T0 + 60, stepSeconds: 60 }),
        ).rejects.toBeInstanceOf(SourceUnavailableError);
        await expect(down.source.series(["queue_depth"], { start: T0, end: T0 + 60 })).rejects.toBeInstanceOf(
          SourceUnavailableError,
        );
      } finally {
        await down.close();
      }
    });
  });
}

function pods(result: Series[]): string[] {
  return result.map((series) => series.metric.pod ?? "").sort();
}

function firstValueOf(result: Series[], labels: Labels): number | undefined {
  const key = (candidate: Labels) => JSON.stringify(Object.entries(candidate).sort());
  const series = result.find((candidate) => key(candidate.metric) === key(labels));
  return series?.values[0]?.[1];
}
