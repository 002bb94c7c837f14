import { describe, expect, it } from "vitest";
import { approvalsNeeded, isAllowedApprover, staleReason } from "../../../src/approval/approval-rules.ts";
import type { ApproverDirectory } from "../../../src/approval/approver-directory.ts";
import { awaitingStatus, INCIDENT_ID } from "../slack/rca-card-fixture.ts";

function directory(groups: Record<string, string[]>): ApproverDirectory & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    membersOf: async (group) => {
      asked.push(group);
      return groups[group] ?? [];
    },
  };
}

describe("approval rules", () => {
  it("need two approvers for high risk even when a plan asks for fewer", () => {
    expect(approvalsNeeded({ risk: "high", requiredApprovals: 1 })).toBe(2);
    expect(approvalsNeeded({ risk: "medium", requiredApprovals: 1 })).toBe(1);
    expect(approvalsNeeded({ risk: "low", requiredApprovals: 0 })).toBe(1);
  });

  it("allow listed users without asking the directory, and members of listed groups", async () => {
    const groups = directory({ S0ONCALL: ["U0BOB"] });
    const set = { users: ["U0ANA"], groups: ["S0ONCALL"] };
    expect(await isAllowedApprover("U0ANA", set, groups)).toBe(true);
    expect(groups.asked).toEqual([]);
    expect(await isAllowedApprover("U0BOB", set, groups)).toBe(true);
    expect(await isAllowedApprover("U0EVE", set, groups)).toBe(false);
  });

  it("call a click stale when the plan was superseded, is not waiting, or the incident is resolved", () => {
    const click = { incidentId: INCIDENT_ID, planId: "plan-1" };
    const current = awaitingStatus();
    expect(staleReason(current, click, "open", "decide")).toBeNull();
    expect(staleReason(awaitingStatus({ id: "plan-2" }), click, "open", "decide")).toBe(
      "a newer plan has superseded this one",
    );
    expect(staleReason({ ...current, state: "applied" }, click, "open", "decide")).toBe(
      "the plan is applied, not awaiting approval",
    );
    expect(staleReason(current, click, "resolved", "decide")).toBe("the incident is resolved");
    expect(staleReason(null, click, "open", "decide")).toBe(
      "no action is proposed for this incident any more",
    );
    expect(staleReason(current, click, null, "decide")).toBe("the incident no longer exists");
  });

  it("allow an undo only of an applied plan, even after the incident resolved", () => {
    const click = { incidentId: INCIDENT_ID, planId: "plan-1" };
    expect(
      staleReason({ ...awaitingStatus(), state: "not-recovered" }, click, "resolved", "undo"),
    ).toBeNull();
    expect(staleReason(awaitingStatus(), click, "open", "undo")).toBe(
      "the action is awaiting-approval, there is nothing to undo",
    );
  });
});
