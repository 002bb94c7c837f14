import { describe, expect, it } from "vitest";
import { formatDuration, rootCauseKindOfChange, scoreChange } from "../../../src/analysis/score-change.ts";
import { createTopologyIndex } from "../../../src/analysis/topology.ts";

const ONSET = 1_700_000_000;
const topology = createTopologyIndex([
  { from: "frontend", to: "checkout" },
  { from: "checkout", to: "payments" },
]);
const context = {
  onset: ONSET,
  now: ONSET + 300,
  affectedServices: ["checkout"],
  upstreamOf: topology.upstreamOf,
  downstreamOf: topology.downstreamOf,
};

describe("scoreChange", () => {
  it("scores a deploy of the affected service shortly before the onset high", () => {
    const score = scoreChange({ kind: "deploy", service: "checkout", at: ONSET - 180 }, context);
    expect(score.relation).toBe("same");
    expect(score.lagSeconds).toBe(180);
    expect(score.precedesOnset).toBe(true);
    expect(score.score).toBeGreaterThan(0.9);
    expect(score.reasons).toEqual(["deploy 3 min before the onset", "checkout itself shows symptoms"]);
  });

  it("scores a change after the onset near zero", () => {
    const score = scoreChange({ kind: "deploy", service: "checkout", at: ONSET + 240 }, context);
    expect(score.precedesOnset).toBe(false);
    expect(score.score).toBeLessThan(0.01);
  });

  it("scores a change hours before the onset low", () => {
    const score = scoreChange({ kind: "deploy", service: "checkout", at: ONSET - 3 * 3600 }, context);
    expect(score.score).toBeLessThan(0.15);
    expect(score.score).toBeGreaterThan(0);
  });

  it("accepts RFC 3339 times", () => {
    const iso = new Date((ONSET - 180) * 1000).toISOString();
    expect(scoreChange({ kind: "deploy", service: "checkout", at: iso }, context).lagSeconds).toBe(180);
  });

  it("ranks a dependency's change above a caller's, and both above an unrelated one", () => {
    const at = ONSET - 300;
    const upstream = scoreChange({ kind: "config", service: "payments", at }, context);
    const downstream = scoreChange({ kind: "config", service: "frontend", at }, context);
    const unrelated = scoreChange({ kind: "config", service: "search", at }, context);
    expect([upstream.relation, downstream.relation, unrelated.relation]).toEqual([
      "upstream",
      "downstream",
      "unrelated",
    ]);
    expect(upstream.score).toBeGreaterThan(downstream.score);
    expect(downstream.score).toBeGreaterThan(unrelated.score);
    expect(upstream.reasons[1]).toBe("payments is a dependency of checkout, which shows symptoms");
  });

  it("weighs deploys above scaling events", () => {
    const at = ONSET - 120;
    const deploy = scoreChange({ kind: "deploy", service: "checkout", at }, context).score;
    const scale = scoreChange({ kind: "scale", service: "checkout", at }, context).score;
    expect(deploy).toBeGreaterThan(2 * scale);
  });

  it("measures against now, more leniently, when no onset was detected", () => {
    const { onset: _onset, ...withoutOnset } = context;
    const score = scoreChange({ kind: "deploy", service: "checkout", at: ONSET - 600 }, withoutOnset);
    expect(score.lagSeconds).toBe(900);
    expect(score.reasons[0]).toBe("deploy 15 min before the alert (no onset detected)");
    expect(score.score).toBeGreaterThan(0.75);
  });
});

describe("rootCauseKindOfChange", () => {
  it("maps change kinds to root-cause kinds", () => {
    expect(rootCauseKindOfChange("deploy")).toBe("bad-deploy");
    expect(rootCauseKindOfChange("feature-flag")).toBe("feature-flag");
    expect(rootCauseKindOfChange("migration")).toBe("schema-migration");
    expect(rootCauseKindOfChange("scale")).toBeNull();
  });

  it("formats durations for reasons", () => {
    expect([formatDuration(45), formatDuration(600), formatDuration(9000)]).toEqual([
      "45s",
      "10 min",
      "2.5 h",
    ]);
  });
});
