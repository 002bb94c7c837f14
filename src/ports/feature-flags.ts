/**
 * One flag as flagd defines it (https://flagd.dev/reference/flag-definitions/): its variants, the
 * variant served when no targeting rule matches, and whether it is evaluated at all.
 */
export interface FeatureFlag {
  key: string;
  state: "ENABLED" | "DISABLED";
  defaultVariant: string;
  variants: Record<string, unknown>;
  /** JsonLogic rules that pick a variant per context; absent when the flag has none. */
  targeting?: unknown;
}

/** A flag as read, with the version of the document it came from (for the write precondition). */
export interface FeatureFlagSnapshot {
  flag: FeatureFlag;
  version: string;
}

/** What the flag provider serves now, read back through its evaluation API. */
export interface FlagEvaluation {
  /** false: the provider does not serve the flag (unknown, or disabled without a value). */
  found: boolean;
  value?: unknown;
  variant?: string;
  /** OFREP reason: STATIC, DEFAULT, TARGETING_MATCH, SPLIT, DISABLED, ERROR, … */
  reason: string;
}

/** The definitions changed since `version` was read; nothing was written. */
export class FeatureFlagConflictError extends Error {
  constructor(
    readonly flagKey: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "FeatureFlagConflictError";
  }
}

/**
 * Reads and changes feature flags; only the mitigation executor holds one.
 *
 * - `read` returns null when no flag has that key.
 * - `write` stores the flag only if the definitions are still at `version`, otherwise throws
 *   `FeatureFlagConflictError`; returns the flag as stored with its new version.
 * - `evaluate` asks the provider what it serves now (an empty evaluation context), so a change can
 *   be confirmed from the consumer's side.
 * - A thrown `SourceUnavailableError` means the store or provider could not be asked; nothing changed.
 */
export interface FeatureFlagStore {
  read(key: string, signal?: AbortSignal): Promise<FeatureFlagSnapshot | null>;
  write(flag: FeatureFlag, options: { version: string; signal?: AbortSignal }): Promise<FeatureFlagSnapshot>;
  evaluate(key: string, signal?: AbortSignal): Promise<FlagEvaluation>;
}
