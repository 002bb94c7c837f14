import type { RcaDocument } from "../domain/rca.ts";
import type { Comparator, VerifySignal } from "./verify-recovery.ts";

/**
 * The signal verification reads: the alert rule's own expression when the alert carries one
 * (Alertmanager's generatorURL `g0.expr`), else the RCA's key metric evidence with a threshold
 * halfway between its baseline and its peak.
 */
export function verifySignalOf(generatorUrl: string | null, rca: RcaDocument): VerifySignal | null {
  return (generatorUrl ? signalFromGeneratorUrl(generatorUrl) : null) ?? signalFromEvidence(rca);
}

export function signalFromGeneratorUrl(generatorUrl: string): VerifySignal | null {
  let expression: string | null;
  try {
    expression = new URL(generatorUrl).searchParams.get("g0.expr");
  } catch {
    return null;
  }
  if (!expression) return null;
  const split = splitComparison(expression.trim());
  if (!split) return null;
  return { ...split, origin: "alert", description: "the alert's expression" };
}

const FLIP: Record<Comparator, Comparator> = { ">": "<", ">=": "<=", "<": ">", "<=": ">=" };

/** `expr > 0.05` (or `0.05 < expr`) → the expression, the comparator and the threshold. */
export function splitComparison(
  expression: string,
): { query: string; comparator: Comparator; threshold: number } | null {
  const operator = lastTopLevelComparison(expression);
  if (!operator) return null;
  const left = expression.slice(0, operator.at).trim();
  const right = expression
    .slice(operator.at + operator.text.length)
    .replace(/^\s*bool\b/, "")
    .trim();
  const comparator = operator.text as Comparator;
  if (isNumber(right) && left) return { query: left, comparator, threshold: Number(right) };
  if (isNumber(left) && right) return { query: right, comparator: FLIP[comparator], threshold: Number(left) };
  return null;
}

function lastTopLevelComparison(expression: string): { at: number; text: string } | null {
  let depth = 0;
  let quote: string | null = null;
  let found: { at: number; text: string } | null = null;
  for (let index = 0; index < expression.length; index += 1) {
    const char = expression[index]!;
    if (quote) {
      if (char === "\\") index += 1;
      else if (char === quote) quote = null;
      continue;
    }
    if (char === '"' || char === "'" || char === "`") quote = char;
    else if ("([{".includes(char)) depth += 1;
    else if (")]}".includes(char)) depth -= 1;
    else if (depth === 0 && (char === ">" || char === "<")) {
      const text = expression[index + 1] === "=" ? `${char}=` : char;
      found = { at: index, text };
      index += text.length - 1;
    }
  }
  return found;
}

function isNumber(text: string): boolean {
  return /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(text);
}

interface MetricEvidenceData {
  baselineMedian?: unknown;
  recentMedian?: unknown;
  service?: unknown;
  signal?: unknown;
}

export function signalFromEvidence(rca: RcaDocument): VerifySignal | null {
  const cited = new Set(rca.top?.evidenceIds ?? []);
  for (const evidence of rca.evidence) {
    if (!cited.has(evidence.id) || evidence.source !== "metrics") continue;
    const data = (evidence.data ?? {}) as MetricEvidenceData;
    const baseline = data.baselineMedian;
    const peak = data.recentMedian;
    if (typeof baseline !== "number" || typeof peak !== "number" || baseline === peak) continue;
    const threshold = (baseline + peak) / 2;
    const name = [data.service, data.signal].filter((part) => typeof part === "string").join(" ");
    return {
      query: evidence.query,
      comparator: peak > baseline ? ">" : "<",
      threshold,
      origin: "evidence",
      description: name ? `${name} (${evidence.id})` : evidence.id,
    };
  }
  return null;
}
