import { describe, expect, it } from "vitest";
import {
  assertRcaGrounded,
  checkRcaGrounding,
  UngroundedRcaError,
} from "../../../src/domain/check-rca-grounding.ts";
import { groundedRca } from "./rca-fixture.ts";

describe("checkRcaGrounding", () => {
  it("accepts an RCA whose every claim cites evidence it carries", () => {
    expect(checkRcaGrounding(groundedRca())).toEqual({ ok: true, problems: [] });
  });

  it("refuses a top hypothesis that cites evidence the RCA does not carry", () => {
    const rca = groundedRca();
    rca.top!.evidenceIds.push("ev-made-up");
    expect(checkRcaGrounding(rca)).toEqual({
      ok: false,
      problems: ['top (checkout bad-deploy) cites evidence "ev-made-up" that is not in the RCA'],
    });
  });

  it("refuses a top hypothesis or an alternative that cites nothing", () => {
    const rca = groundedRca();
    rca.top!.evidenceIds = [];
    rca.alternatives[0]!.evidenceIds = [];
    expect(checkRcaGrounding(rca).problems).toEqual([
      "top (checkout bad-deploy) cites no evidence",
      "alternatives[0] (payments dependency-failure) cites no evidence",
    ]);
  });

  it("refuses missing evidence cited by ruled-out items and findings, but lets them cite nothing", () => {
    const rca = groundedRca();
    rca.ruledOut[0]!.evidenceIds = ["ev-gone"];
    rca.findings[0]!.evidenceIds = ["ev-gone", "ev-gone"];
    rca.findings.push({ ...rca.findings[0]!, evidenceIds: [] });
    expect(checkRcaGrounding(rca).problems).toEqual([
      'ruledOut[0] (payments bad-deploy) cites evidence "ev-gone" that is not in the RCA',
      'findings[0] (changes checkout deploy) cites evidence "ev-gone" that is not in the RCA',
    ]);
  });

  it("requires a state-changing mitigation to cite evidence", () => {
    const rca = groundedRca();
    rca.mitigation.evidenceIds = [];
    expect(checkRcaGrounding(rca).problems).toEqual(["mitigation (rollback) cites no evidence"]);
  });

  it("lets a mitigation of none cite nothing, but not cite missing evidence", () => {
    const rca = groundedRca();
    rca.mitigation = { action: "none", why: "No safe action.", reverse: "", risk: "low", evidenceIds: [] };
    expect(checkRcaGrounding(rca).ok).toBe(true);
    rca.mitigation.evidenceIds = ["ev-nowhere"];
    expect(checkRcaGrounding(rca).problems).toEqual([
      'mitigation (none) cites evidence "ev-nowhere" that is not in the RCA',
    ]);
  });

  it("refuses evidence ids used by more than one item", () => {
    const rca = groundedRca();
    rca.evidence.push({ ...rca.evidence[0]!, summary: "another slice" });
    expect(checkRcaGrounding(rca).problems).toEqual(['evidence id "ev-metr-errors" is used by 2 items']);
  });

  it("accepts an RCA with no top hypothesis, no alternatives and no action", () => {
    const rca = groundedRca();
    rca.top = null;
    rca.alternatives = [];
    rca.mitigation = {
      action: "none",
      why: "Nothing conclusive.",
      reverse: "",
      risk: "low",
      evidenceIds: [],
    };
    expect(checkRcaGrounding(rca)).toEqual({ ok: true, problems: [] });
  });
});

describe("assertRcaGrounded", () => {
  it("returns quietly for a grounded RCA", () => {
    expect(() => assertRcaGrounded(groundedRca())).not.toThrow();
  });

  it("throws an UngroundedRcaError that lists every problem", () => {
    const rca = groundedRca();
    rca.top!.evidenceIds = ["ev-x"];
    rca.mitigation.evidenceIds = [];
    let caught: unknown;
    try {
      assertRcaGrounded(rca);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UngroundedRcaError);
    const error = caught as UngroundedRcaError;
    expect(error.incidentId).toBe("inc-1");
    expect(error.retryable).toBe(false);
    expect(error.code).toBe("rca.ungrounded");
    expect(error.problems).toEqual([
      'top (checkout bad-deploy) cites evidence "ev-x" that is not in the RCA',
      "mitigation (rollback) cites no evidence",
    ]);
    expect(error.message).toContain("inc-1");
    expect(error.message).toContain('"ev-x"');
  });
});
