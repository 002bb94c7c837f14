import type { Labels } from "../../src/ports/metrics-source.ts";
import type { Selector } from "./promql-selectors.ts";

/**
 * Whether a label set is one a selector selects, with Prometheus' rules: a missing label is the
 * empty string and regexes are anchored. JavaScript regexes stand in for RE2; the selectors this
 * checks are the simple ones services are looked up by.
 */
export function matchesSelector(labels: Labels, selector: Selector): boolean {
  if (selector.metric !== null && labels.__name__ !== selector.metric) return false;
  return selector.matchers.every((matcher) => {
    const value = labels[matcher.label] ?? "";
    switch (matcher.op) {
      case "=":
        return value === matcher.value;
      case "!=":
        return value !== matcher.value;
      case "=~":
        return anchored(matcher.value)?.test(value) ?? true;
      case "!~":
        return !(anchored(matcher.value)?.test(value) ?? false);
      default: {
        const never: never = matcher.op;
        return never;
      }
    }
  });
}

const compiled = new Map<string, RegExp | null>();

/** null when JavaScript cannot compile an RE2 pattern: the check then lets the series through. */
function anchored(pattern: string): RegExp | null {
  let regex = compiled.get(pattern);
  if (regex === undefined) {
    try {
      regex = new RegExp(`^(?:${pattern})$`, "s");
    } catch {
      regex = null;
    }
    if (compiled.size > 1_000) compiled.clear();
    compiled.set(pattern, regex);
  }
  return regex;
}
