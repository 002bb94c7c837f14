import { z } from "zod";

/**
 * An optional env var. Unset and empty are the same thing for env vars: `FOO=` in a compose file
 * means "not set". Its own module so that env-schema.ts and the section files that env-schema.ts
 * imports can all use it without an import cycle.
 */
export function optionalString() {
  return z
    .string()
    .optional()
    .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()));
}
