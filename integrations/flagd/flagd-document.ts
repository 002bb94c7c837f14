import type { FeatureFlag } from "../../src/ports/feature-flags.ts";

/**
 * A flagd flag definitions document (https://flagd.dev/reference/flag-definitions/):
 * `{ "$schema"?, "flags": { key: { state, variants, defaultVariant, targeting?, metadata? } }, "$evaluators"? }`.
 */
type RawFlag = Record<string, unknown>;

export class FlagDocumentError extends Error {
  override readonly name = "FlagDocumentError";
}

export function parseFlagDocument(text: string): Record<string, unknown> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new FlagDocumentError(`flag definitions are not JSON: ${(error as Error).message}`);
  }
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    throw new FlagDocumentError("flag definitions must be a JSON object");
  }
  const flags = (document as { flags?: unknown }).flags;
  if (typeof flags !== "object" || flags === null || Array.isArray(flags)) {
    throw new FlagDocumentError('flag definitions have no "flags" object');
  }
  return document as Record<string, unknown>;
}

/** The flag with `key` from a parsed document, or null when it has none. */
export function flagOf(document: Record<string, unknown>, key: string): FeatureFlag | null {
  const raw = (document.flags as Record<string, RawFlag>)[key];
  if (!raw || typeof raw !== "object") return null;
  const variants = raw.variants;
  if (typeof variants !== "object" || variants === null || typeof raw.defaultVariant !== "string") {
    throw new FlagDocumentError(`flag ${key} has no variants or defaultVariant`);
  }
  return {
    key,
    state: raw.state === "DISABLED" ? "DISABLED" : "ENABLED",
    defaultVariant: raw.defaultVariant,
    variants: variants as Record<string, unknown>,
    ...(raw.targeting !== undefined && !isEmptyObject(raw.targeting) ? { targeting: raw.targeting } : {}),
  };
}

/**
 * The document with one flag replaced. Fields flagd knows that the port does not model (metadata,
 * other flags, `$evaluators`) are kept as they were; a flag without targeting loses the key.
 */
export function withFlag(document: Record<string, unknown>, flag: FeatureFlag): Record<string, unknown> {
  const flags = { ...(document.flags as Record<string, RawFlag>) };
  const { targeting: _targeting, ...kept } = flags[flag.key] ?? {};
  flags[flag.key] = {
    ...kept,
    state: flag.state,
    variants: flag.variants,
    defaultVariant: flag.defaultVariant,
    ...(flag.targeting !== undefined ? { targeting: flag.targeting } : {}),
  };
  return { ...document, flags };
}

export function formatFlagDocument(document: Record<string, unknown>): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

function isEmptyObject(value: unknown): boolean {
  return (
    typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length === 0
  );
}
