import type { ChangeEvent } from "../../ports/change-source.ts";

const FLAG_FIELDS = ["flag", "flagKey", "key", "name"];
const IDENTIFIER = /^[a-z0-9][a-z0-9_.:-]*[a-z0-9]$/i;

/**
 * The key of the flag a feature-flag change flipped. Recordings name it in different places: a
 * field of its own (an extension of the change format), the `from`/`to` values as `key=value`, or the
 * summary ("enable `new-pricing` for 50%").
 */
export function flagKeyOf(change: ChangeEvent): string | null {
  const record = change as unknown as Record<string, unknown>;
  for (const field of FLAG_FIELDS) {
    const value = record[field];
    if (typeof value === "string" && IDENTIFIER.test(value)) return value;
  }
  for (const value of [change.to, change.from]) {
    const match = value?.match(/^([a-z0-9][a-z0-9_.:-]*)\s*[=:]/i);
    if (match?.[1]) return match[1];
  }
  const summary = change.summary ?? "";
  const quoted = summary.match(/[`'"]([a-z0-9][a-z0-9_.:-]*[a-z0-9])[`'"]/i);
  if (quoted?.[1]) return quoted[1];
  const named = summary.match(/\bflag\s+([a-z0-9][a-z0-9_.:-]*[a-z0-9])/i);
  if (named?.[1]) return named[1];
  const keyLike = summary.split(/\s+/).find((word) => /^[a-z0-9]+([_.-][a-z0-9]+)+$/i.test(word));
  return keyLike ?? null;
}
