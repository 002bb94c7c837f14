import { describe, expect, it } from "vitest";
import { createTopologyIndex } from "../../../src/analysis/topology.ts";

describe("createTopologyIndex", () => {
  const topology = createTopologyIndex([
    { from: "frontend", to: "checkout" },
    { from: "checkout", to: "payments" },
    { from: "payments", to: "payments-db" },
    { from: "frontend", to: "catalog" },
    { from: "checkout", to: "payments" },
    { from: "payments", to: "payments" },
  ]);

  it("lists dependencies (upstream) and callers (downstream), nearest first", () => {
    expect(topology.upstreamOf("frontend")).toEqual(["checkout", "catalog", "payments", "payments-db"]);
    expect(topology.downstreamOf("payments-db")).toEqual(["payments", "checkout", "frontend"]);
    expect(topology.callees("checkout")).toEqual(["payments"]);
    expect(topology.callers("payments")).toEqual(["checkout"]);
  });

  it("measures hops along calls and answers null against the flow", () => {
    expect(topology.distance("frontend", "payments-db")).toBe(3);
    expect(topology.distance("payments-db", "frontend")).toBeNull();
  });

  it("tolerates cycles", () => {
    const cyclic = createTopologyIndex([
      { from: "a", to: "b" },
      { from: "b", to: "a" },
    ]);
    expect(cyclic.upstreamOf("a")).toEqual(["b"]);
  });
});
