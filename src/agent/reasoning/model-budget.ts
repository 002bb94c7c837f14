export interface BudgetLimits {
  maxCalls: number;
  maxInputTokens: number;
  maxOutputTokens: number;
}

export type BudgetGrant = { ok: true; maxOutputTokens: number } | { ok: false; reason: string };

/** Providers count tokens their own way; about four characters a token is close enough to decide beforehand. */
export function estimateTokens(characters: number): number {
  return Math.ceil(characters / 4);
}

/**
 * One investigation's allowance of model calls and tokens. A call is granted only when it fits
 * beforehand (one more call, its estimated prompt within the input allowance) and is told how
 * many output tokens it may use at most, so a reply cannot overrun the output allowance. Actual
 * usage (LangChain's `usage_metadata`) is recorded afterwards; an estimate that proved too low
 * shows up as `overrun()`.
 */
export function createModelBudget(limits: BudgetLimits) {
  const used = { calls: 0, inputTokens: 0, outputTokens: 0 };
  return {
    grant(estimatedInputTokens: number, wantedOutputTokens: number): BudgetGrant {
      if (used.calls + 1 > limits.maxCalls) {
        return { ok: false, reason: `call ${used.calls + 1} would exceed the limit of ${limits.maxCalls}` };
      }
      if (used.inputTokens + estimatedInputTokens > limits.maxInputTokens) {
        return {
          ok: false,
          reason: `about ${estimatedInputTokens} more input tokens would exceed the limit of ${limits.maxInputTokens} (${used.inputTokens} used)`,
        };
      }
      const left = limits.maxOutputTokens - used.outputTokens;
      if (left < 1) {
        return { ok: false, reason: `the ${limits.maxOutputTokens} output tokens are used up` };
      }
      return { ok: true, maxOutputTokens: Math.min(wantedOutputTokens, left) };
    },
    record(inputTokens: number, outputTokens: number): void {
      used.calls += 1;
      used.inputTokens += inputTokens;
      used.outputTokens += outputTokens;
    },
    /** Why actual usage went over a limit, or null while it has not. */
    overrun(): string | null {
      if (used.inputTokens > limits.maxInputTokens) {
        return `${used.inputTokens} input tokens used, over the limit of ${limits.maxInputTokens}`;
      }
      if (used.outputTokens > limits.maxOutputTokens) {
        return `${used.outputTokens} output tokens used, over the limit of ${limits.maxOutputTokens}`;
      }
      return null;
    },
    callsLeft(): number {
      return limits.maxCalls - used.calls;
    },
    used(): { calls: number; inputTokens: number; outputTokens: number } {
      return { ...used };
    },
  };
}

export type ModelBudget = ReturnType<typeof createModelBudget>;
