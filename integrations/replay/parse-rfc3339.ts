const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Unix seconds of an RFC 3339 time, or NaN when the text is not one. RFC 3339 allows a lower-case
 * `t`/`z` and a space separator, which `Date.parse` does not take as is.
 */
export function parseRfc3339(text: string): number {
  if (!RFC3339.test(text)) return Number.NaN;
  // Date.parse rolls 2024-02-30 over into March; RFC 3339 calls it invalid.
  const [year, month, day] = text.slice(0, 10).split("-").map(Number) as [number, number, number];
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return Number.NaN;
  return Date.parse(text.replace(/^(.{10})[t ]/i, "$1T").replace(/z$/, "Z")) / 1000;
}
