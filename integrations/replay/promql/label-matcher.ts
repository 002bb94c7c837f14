export type MatchOperator = "=" | "!=" | "=~" | "!~";

export interface LabelMatcher {
  name: string;
  op: MatchOperator;
  value: string;
}

export interface CompiledMatcher extends LabelMatcher {
  matches(labelValue: string): boolean;
}

const regexCache = new Map<string, RegExp>();

/**
 * Label regexes are fully anchored and `.` matches newlines, as Prometheus and Loki compile
 * them (`^(?s:re)$`). A missing label has the value "", so `{a!="x"}` keeps series without `a`.
 * JavaScript regex syntax stands in for RE2; the common subset behaves the same.
 */
export function compileMatcher(matcher: LabelMatcher): CompiledMatcher {
  const { op, value } = matcher;
  if (op === "=") return { ...matcher, matches: (labelValue) => labelValue === value };
  if (op === "!=") return { ...matcher, matches: (labelValue) => labelValue !== value };
  const regex = anchoredRegex(value);
  const positive = op === "=~";
  return { ...matcher, matches: (labelValue) => regex.test(labelValue) === positive };
}

export function anchoredRegex(pattern: string): RegExp {
  let regex = regexCache.get(pattern);
  if (regex === undefined) {
    const { source, flags } = leadingFlags(pattern);
    regex = new RegExp(`^(?:${source})$`, [...new Set(`s${flags}`)].join(""));
    if (regexCache.size > 10_000) regexCache.clear();
    regexCache.set(pattern, regex);
  }
  return regex;
}

/**
 * RE2 takes a leading `(?i)` for the whole pattern; JavaScript wants a flag instead. Used by
 * log line filters too, which are unanchored.
 */
export function leadingFlags(pattern: string): { source: string; flags: string } {
  const match = /^\(\?([ims]+)\)/.exec(pattern);
  if (!match) return { source: pattern, flags: "" };
  return { source: pattern.slice(match[0].length), flags: [...new Set(match[1])].join("") };
}

export function matchesAll(labels: Record<string, string>, matchers: readonly CompiledMatcher[]): boolean {
  for (const matcher of matchers) {
    if (!matcher.matches(labels[matcher.name] ?? "")) return false;
  }
  return true;
}

/** Both Prometheus and Loki refuse selectors that would match everything. */
export function hasNonEmptyMatcher(matchers: readonly CompiledMatcher[]): boolean {
  return matchers.some((matcher) => !matcher.matches(""));
}
