import { describe, expect, it } from "vitest";
import {
  isNotedMitigationState,
  mapMitigationToPagerdutyNote,
  mapRcaToPagerdutyNote,
} from "../../../integrations/pagerduty/pagerduty-writeback-notes.ts";
import { MITIGATION_STATES } from "../../../src/domain/mitigation-plan.ts";
import { groundedRca } from "../domain/rca-fixture.ts";

const INCIDENT = "7b0f4f7e-2b8e-4f0e-9d51-1a2b3c4d5e6f";

describe("mapRcaToPagerdutyNote", () => {
  it("summarises the RCA in a few plain-text lines with a link to the full Markdown", () => {
    expect(
      mapRcaToPagerdutyNote(groundedRca(), { incidentId: INCIDENT, publicUrl: "https://vigil.example.com" }),
    ).toBe(`Vigil root-cause analysis (deterministic): checkout started failing one minute after deploy v42.
Top hypothesis: checkout bad-deploy, confidence 0.87 (change chg-42).
Evidence: 3 items from 1 finding; gaps: kubernetes timeout.
Proposed mitigation: rollback Deployment shop/checkout (risk low). Roll back the deploy that started the errors.
Alternatives: payments dependency-failure 0.21.
Full RCA: https://vigil.example.com/api/incidents/${INCIDENT}/rca.md`);
  });

  it("says so when no hypothesis held and no action is proposed, and leaves out the link without a URL", () => {
    const rca = {
      ...groundedRca(),
      top: null,
      alternatives: [],
      gaps: [],
      evidence: [],
      findings: [],
      mitigation: {
        ...groundedRca().mitigation,
        action: "none" as const,
        why: "Nothing supported an action.",
      },
    };
    const note = mapRcaToPagerdutyNote(rca, { incidentId: INCIDENT, publicUrl: null });
    expect(note.split("\n")).toEqual([
      "Vigil root-cause analysis (deterministic): checkout started failing one minute after deploy v42.",
      "Top hypothesis: none was supported by the evidence.",
      "Evidence: 0 items from 0 findings.",
      "Proposed mitigation: none. Nothing supported an action.",
    ]);
  });

  it("flattens and clips long telemetry-derived text so the note stays readable", () => {
    const rca = { ...groundedRca(), summary: `line one\n\n${"x".repeat(2_000)}` };
    const first = mapRcaToPagerdutyNote(rca, { incidentId: INCIDENT, publicUrl: null }).split("\n")[0] ?? "";
    expect(first.startsWith("Vigil root-cause analysis (deterministic): line one x")).toBe(true);
    expect(first.length).toBeLessThan(500);
    expect(first.endsWith("….")).toBe(true);
  });
});

describe("mapMitigationToPagerdutyNote", () => {
  it("writes notes only for the steps people act on", () => {
    expect(MITIGATION_STATES.filter(isNotedMitigationState)).toEqual([
      "approved",
      "rejected",
      "applied",
      "verified",
      "not-recovered",
      "undone",
      "failed",
    ]);
  });

  it("names the plan and its verification detail when the mitigation status is known", () => {
    const note = mapMitigationToPagerdutyNote({
      state: "verified",
      by: undefined,
      status: {
        plan: {
          id: "plan-1",
          incidentId: INCIDENT,
          action: "rollback",
          target: { kind: "Deployment", namespace: "shop", name: "checkout" },
          risk: "low",
          mode: "approve",
          summary: "Roll back Deployment shop/checkout from revision 7 to revision 6",
          diff: "",
          changes: [],
          preconditions: [],
          requiredApprovals: 1,
          createdAt: "2024-05-01T10:11:00Z",
        },
        state: "verified",
        approvals: [],
        history: [],
        detail: "error ratio 0.4 % < 1 % after 120 s",
      },
      proposal: null,
    });
    expect(note).toBe(
      "Vigil: mitigation verified: the alerting signal recovered after Roll back Deployment shop/checkout from revision 7 to revision 6. Detail: error ratio 0.4 % < 1 % after 120 s.",
    );
  });

  it("falls back to the RCA's proposal, or to a generic name when there is none", () => {
    const proposal = groundedRca().mitigation;
    expect(mapMitigationToPagerdutyNote({ state: "failed", by: "U1", status: null, proposal })).toBe(
      "Vigil: mitigation failed: rollback Deployment shop/checkout. Nothing further is done automatically.",
    );
    expect(mapMitigationToPagerdutyNote({ state: "rejected", by: "U1", status: null, proposal: null })).toBe(
      "Vigil: mitigation rejected by U1: the proposed mitigation. Nothing was changed.",
    );
  });
});
