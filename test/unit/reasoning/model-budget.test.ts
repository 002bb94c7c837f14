import { describe, expect, it } from "vitest";
import { createModelBudget, estimateTokens } from "../../../src/agent/reasoning/model-budget.ts";

describe("createModelBudget", () => {
  const limits = { maxCalls: 3, maxInputTokens: 1_000, maxOutputTokens: 300 };

  it("grants a call that fits and caps its reply at what is left of the output allowance", () => {
    const budget = createModelBudget(limits);
    expect(budget.grant(400, 200)).toEqual({ ok: true, maxOutputTokens: 200 });
    budget.record(400, 250);
    expect(budget.grant(400, 200)).toEqual({ ok: true, maxOutputTokens: 50 });
  });

  it("refuses a call whose estimated prompt would go over the input allowance", () => {
    const budget = createModelBudget(limits);
    budget.record(700, 10);
    const grant = budget.grant(400, 100);
    expect(grant.ok).toBe(false);
    expect(grant.ok ? "" : grant.reason).toMatch(/would exceed the limit of 1000/);
  });

  it("refuses the call after the last one allowed, and once the output tokens are used up", () => {
    const calls = createModelBudget(limits);
    for (let i = 0; i < 3; i++) calls.record(1, 1);
    expect(calls.grant(1, 1)).toEqual({ ok: false, reason: "call 4 would exceed the limit of 3" });
    const output = createModelBudget(limits);
    output.record(1, 300);
    expect(output.grant(1, 1).ok).toBe(false);
  });

  it("reports an overrun when actual usage went past a limit the estimate respected", () => {
    const budget = createModelBudget(limits);
    budget.record(900, 10);
    expect(budget.overrun()).toBeNull();
    budget.record(200, 10);
    expect(budget.overrun()).toBe("1100 input tokens used, over the limit of 1000");
    expect(budget.used()).toEqual({ calls: 2, inputTokens: 1_100, outputTokens: 20 });
    expect(budget.callsLeft()).toBe(1);
  });

  it("estimates about four characters a token, rounding up", () => {
    expect(estimateTokens(0)).toBe(0);
    expect(estimateTokens(9)).toBe(3);
  });
});
