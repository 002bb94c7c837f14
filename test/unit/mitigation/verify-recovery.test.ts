import { describe, expect, it } from "vitest";
import type { RcaDocument } from "../../../src/domain/rca.ts";
import { type VerifySignal, verifyRecovery } from "../../../src/mitigation/verify-recovery.ts";
import {
  signalFromGeneratorUrl,
  splitComparison,
  verifySignalOf,
} from "../../../src/mitigation/verify-signal-of.ts";
import type { MetricsSource } from "../../../src/ports/metrics-source.ts";

const ERROR_RATIO =
  'sum(rate(http_requests_total{namespace="shop",service="checkout",code=~"5.."}[5m])) / sum(rate(http_requests_total{namespace="shop",service="checkout"}[5m]))';

describe("the signal verification reads", () => {
  it("is the alert rule's expression from Alertmanager's generatorURL, split at its threshold", () => {
    const url = `http://prometheus:9090/graph?g0.expr=${encodeURIComponent(`${ERROR_RATIO} > 0.05`)}&g0.tab=1`;
    expect(signalFromGeneratorUrl(url)).toEqual({
      query: ERROR_RATIO,
      comparator: ">",
      threshold: 0.05,
      origin: "alert",
      description: "the alert's expression",
    });
  });

  it("reads thresholds on either side, ignores comparisons inside selectors and refuses expressions without one", () => {
    expect(splitComparison('0.9 >= avg(up{job=~"a|b"})')).toEqual({
      query: 'avg(up{job=~"a|b"})',
      comparator: "<=",
      threshold: 0.9,
    });
    expect(splitComparison("x < bool 3")).toEqual({ query: "x", comparator: "<", threshold: 3 });
    expect(splitComparison('up{job="a>b"}')).toBeNull();
    expect(splitComparison("a > b")).toBeNull();
  });

  it("falls back to the top hypothesis' metric evidence, halfway between baseline and peak", () => {
    const rca = {
      top: { evidenceIds: ["ev-logs", "ev-metr"] },
      evidence: [
        { id: "ev-logs", source: "logs", query: '{app="x"}', data: {} },
        {
          id: "ev-metr",
          source: "metrics",
          query: "error ratio query",
          data: { service: "checkout", signal: "error-ratio", baselineMedian: 0.01, recentMedian: 0.2 },
        },
      ],
    } as unknown as RcaDocument;
    expect(verifySignalOf("not a url", rca)).toMatchObject({
      query: "error ratio query",
      comparator: ">",
      threshold: expect.closeTo(0.105, 9),
      origin: "evidence",
      description: "checkout error-ratio (ev-metr)",
    });
  });
});

describe("verifyRecovery", () => {
  const signal: VerifySignal = {
    query: "q",
    comparator: ">",
    threshold: 0.05,
    origin: "alert",
    description: "error ratio",
  };

  /** A clock that sleeping advances, and a metric whose value depends on how much time passed. */
  function world(valueAt: (elapsed: number) => number | null) {
    let now = 1_000_000;
    const start = now;
    const metrics: MetricsSource = {
      async queryRange(_query, range) {
        const value = valueAt(range.end - start);
        return value === null ? [] : [{ metric: {}, values: [[range.end, value]] }];
      },
      async series() {
        return [];
      },
    };
    return {
      metrics,
      clock: { now: () => new Date(now * 1000) },
      sleep: async (ms: number) => {
        now += ms / 1000;
      },
    };
  }

  it("verifies as soon as the signal is back below its threshold", async () => {
    const outcome = await verifyRecovery(
      signal,
      world((elapsed) => (elapsed >= 60 ? 0.01 : 0.2)),
      {
        windowSeconds: 300,
        intervalSeconds: 30,
      },
    );
    expect(outcome.recovered).toBe(true);
    expect(outcome.readings.map((reading) => reading.value)).toEqual([0.2, 0.2, 0.01]);
    expect(outcome.detail).toBe("error ratio is 0.01, no longer > 0.05, 60 s after apply");
  });

  it("is not recovered when the window ends still over the threshold, or with no data", async () => {
    const still = await verifyRecovery(
      signal,
      world(() => 0.2),
      { windowSeconds: 90, intervalSeconds: 30 },
    );
    expect(still.recovered).toBe(false);
    expect(still.readings).toHaveLength(4);
    expect(still.detail).toMatch(/is still 0\.2/);
    const empty = await verifyRecovery(
      signal,
      world(() => null),
      { windowSeconds: 30, intervalSeconds: 30 },
    );
    expect(empty).toMatchObject({ recovered: false });
    expect(empty.detail).toMatch(/has no data/);
  });

  it("cannot confirm recovery without a signal", async () => {
    const outcome = await verifyRecovery(
      null,
      world(() => 0),
      { windowSeconds: 30, intervalSeconds: 30 },
    );
    expect(outcome).toMatchObject({ recovered: false, readings: [] });
  });
});

describe("verifyRecovery with a clock that does not move", () => {
  it("still stops after the window's number of readings", async () => {
    const metrics: MetricsSource = {
      queryRange: async (_query, range) => [{ metric: {}, values: [[range.end, 1]] }],
      series: async () => [],
    };
    const outcome = await verifyRecovery(
      { query: "q", comparator: ">", threshold: 0.5, origin: "alert", description: "x" },
      { metrics, clock: { now: () => new Date(0) }, sleep: async () => undefined },
      { windowSeconds: 60, intervalSeconds: 30 },
    );
    expect(outcome.recovered).toBe(false);
    expect(outcome.readings).toHaveLength(3);
  });
});
