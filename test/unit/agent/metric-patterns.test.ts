import { describe, expect, it } from "vitest";
import { inferMetricKinds, type JudgedSignal } from "../../../src/agent/investigators/metric-patterns.ts";

const signal = (name: string, level: number, extra: Partial<JudgedSignal> = {}): JudgedSignal => ({
  signal: name,
  metric: `${name}_metric`,
  level,
  signedScore: 10,
  ratio: 2,
  rising: false,
  evidenceId: `ev-${name}`,
  ...extra,
});

const kinds = (
  service: string,
  signals: JudgedSignal[],
  options?: { isNode?: boolean; reportsItself?: boolean },
) => inferMetricKinds(service, signals, options).map((finding) => finding.kind);

describe("inferMetricKinds", () => {
  it("reads a saturated pool as pool exhaustion, citing the pool signal", () => {
    const [first] = inferMetricKinds("ledger", [signal("pool-usage", 0.9), signal("latency", 0.7)]);
    expect(first).toMatchObject({ kind: "connection-pool-exhaustion", evidenceIds: ["ev-pool-usage"] });
  });

  it("calls steady memory growth a leak but a memory step alone nothing", () => {
    expect(kinds("cart", [signal("memory", 0.8, { rising: true })])).toContain("memory-leak");
    expect(kinds("cart", [signal("memory", 0.8)])).not.toContain("memory-leak");
  });

  it("calls memory growth with restarts an OOM kill", () => {
    expect(kinds("cart", [signal("memory", 0.8), signal("restarts", 0.9)])[0]).toBe("oom-kill");
  });

  it("tells a slow database from network latency by what the service is", () => {
    expect(kinds("orders-db", [signal("latency", 0.8)])).toContain("database-slow");
    expect(kinds("checkout", [signal("latency", 0.8)])).toContain("network-latency");
  });

  it("sees a request surge with saturation as a traffic spike", () => {
    const surge = [signal("requests", 0.9, { ratio: 3 }), signal("cpu", 0.8)];
    expect(kinds("search", surge)[0]).toBe("traffic-spike");
    expect(kinds("search", [signal("requests", 0.9, { ratio: 0.4, signedScore: -10 })])).not.toContain(
      "traffic-spike",
    );
  });

  it("gives a host only host-level kinds", () => {
    expect(kinds("ip-10-0-1-7", [signal("cpu", 0.9), signal("restarts", 0.9)], { isNode: true })).toEqual([
      "noisy-neighbor",
    ]);
  });

  it("raises nothing from signals below the strong level", () => {
    expect(kinds("cart", [signal("errors", 0.3), signal("cpu", 0.2)])).toEqual([]);
  });
});

describe("inferMetricKinds for a dependency that reports nothing itself", () => {
  it("calls failures its callers see a dependency failure", () => {
    expect(kinds("stripe", [signal("errors", 0.9)], { reportsItself: false })).toEqual([
      "dependency-failure",
    ]);
    expect(kinds("checkout", [signal("errors", 0.9)])).toEqual(["unknown"]);
  });
});
