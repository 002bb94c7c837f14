// Order matters: wider shapes first, so a timestamp is not eaten as numbers and a UUID not as hex.
const MASKS: Array<[RegExp, string]> = [
  [/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, "<STR>"],
  [/\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?/g, "<TS>"],
  [/\b\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?\b/g, "<TS>"],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, "<UUID>"],
  [/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, "<EMAIL>"],
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?\b/g, "<IP>"],
  [/\b(?=[0-9a-f:]*\d)(?:[0-9a-f]{1,4}:){2,7}[0-9a-f]{1,4}\b/gi, "<IP>"],
  [/\b0x[0-9a-f]+\b/gi, "<HEX>"],
  // Hex ids (trace ids, hashes, container ids): 8+ hex digits with at least one digit and one letter.
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi, "<HEX>"],
  // Durations as Go, Java and humans print them: 250ms, 1.5s, 3m0s, 2h45m, 10µs.
  [/(?<![\w.])\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h|d)(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))*(?![\w])/g, "<DUR>"],
  [/(?<![A-Za-z_\d.])[-+]?\d+(?:\.\d+)*(?![A-Za-z_\d])/g, "<NUM>"],
];

/**
 * Replaces the variable parts of a log message with placeholders (<STR>, <TS>, <UUID>,
 * <EMAIL>, <IP>, <HEX>, <DUR>, <NUM>) so that lines from one log statement share a template.
 * Identifiers glued to letters (v1.2, G1234, Travel2Controller) stay: they are names, not values.
 */
export function maskLogText(text: string): string {
  let masked = text;
  for (const [pattern, placeholder] of MASKS) masked = masked.replace(pattern, placeholder);
  return masked;
}

/** Placeholders `maskLogText` writes; the template miner treats them as variable tokens. */
export const MASK_PLACEHOLDERS = [
  "<STR>",
  "<TS>",
  "<UUID>",
  "<EMAIL>",
  "<IP>",
  "<HEX>",
  "<DUR>",
  "<NUM>",
] as const;
