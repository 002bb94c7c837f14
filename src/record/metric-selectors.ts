import type { Expr } from "../../integrations/replay/promql/ast.ts";
import type { LabelMatcher } from "../../integrations/replay/promql/label-matcher.ts";
import { parsePromql } from "../../integrations/replay/promql/parse-promql.ts";

/** Prometheus' default lookback: an instant selector takes the latest sample up to 5 m old. */
export const LOOKBACK_DELTA_SECONDS = 5 * 60;

/** One vector selector inside a PromQL query, and how far back of each step time it reads. */
export interface SelectorUse {
  /** `{__name__="x", a="b"}`: the selector alone, in a form both Prometheus and the replay parse. */
  selector: string;
  /** Seconds before (step time - offset) the selector reads: its range, or the lookback delta. */
  reachSeconds: number;
  offsetSeconds: number;
}

/**
 * The vector selectors a query reads, so that the raw series behind it can be fetched. Throws the
 * parser's `SourceQueryError` when the query is outside the PromQL subset the replay evaluates
 * (such a query could not be replayed either).
 */
export function selectorsOf(query: string): SelectorUse[] {
  const uses: SelectorUse[] = [];
  collect(parsePromql(query), uses);
  return uses;
}

function collect(expr: Expr, uses: SelectorUse[]): void {
  switch (expr.type) {
    case "number":
    case "string":
      return;
    case "vector":
      uses.push({
        selector: renderSelector(expr.matchers),
        reachSeconds: LOOKBACK_DELTA_SECONDS,
        offsetSeconds: expr.offsetSeconds,
      });
      return;
    case "matrix":
      uses.push({
        selector: renderSelector(expr.vector.matchers),
        reachSeconds: expr.rangeSeconds,
        offsetSeconds: expr.vector.offsetSeconds,
      });
      return;
    case "call":
      for (const arg of expr.args) collect(arg, uses);
      return;
    case "aggregate":
      if (expr.param) collect(expr.param, uses);
      collect(expr.expr, uses);
      return;
    case "binary":
      collect(expr.lhs, uses);
      collect(expr.rhs, uses);
      return;
    case "unary":
      collect(expr.expr, uses);
      return;
    default: {
      const unknown: never = expr;
      throw new Error(`unknown PromQL node ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * Matchers as a brace selector, sorted so that one selector written two ways is fetched once.
 * JSON string escapes are valid Go escapes, which PromQL and LogQL strings use.
 */
export function renderSelector(matchers: readonly LabelMatcher[]): string {
  const parts = matchers
    .map((matcher) => `${matcher.name}${matcher.op}${JSON.stringify(matcher.value)}`)
    .sort();
  return `{${[...new Set(parts)].join(", ")}}`;
}
