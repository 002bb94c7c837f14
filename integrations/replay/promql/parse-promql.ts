import { SourceQueryError } from "../../../src/ports/source-errors.ts";
import type { AggregateOp, BinaryOp, Expr, VectorMatching, VectorSelector } from "./ast.ts";
import { FUNCTION_SIGNATURES, TYPE_NAMES, type ValueType } from "./function-signatures.ts";
import { hasNonEmptyMatcher, type LabelMatcher } from "./label-matcher.ts";
import { durationSeconds, tokenize } from "./lexer.ts";
import { compileMatchers, parseLabelList, parseLabelMatchers } from "./parse-label-matchers.ts";
import { unquoteString } from "./string-literal.ts";
import { describeToken, TokenStream } from "./token-stream.ts";
import { typeOf } from "./type-of.ts";

const AGGREGATE_OPS = new Set<string>([
  "sum",
  "avg",
  "min",
  "max",
  "count",
  "group",
  "stddev",
  "stdvar",
  "topk",
  "bottomk",
  "quantile",
]);
const PARAMETRIC = new Set<string>(["topk", "bottomk", "quantile"]);
const PRECEDENCE: Record<string, number> = {
  "==": 3,
  "!=": 3,
  ">": 3,
  "<": 3,
  ">=": 3,
  "<=": 3,
  "+": 4,
  "-": 4,
  "*": 5,
  "/": 5,
  "%": 5,
  atan2: 5,
  or: 1,
  and: 2,
  unless: 2,
  "^": 6,
};
const COMPARISONS = new Set(["==", "!=", ">", "<", ">=", "<="]);
const SET_OPERATORS = new Set(["and", "or", "unless"]);
const WORD_OPERATORS = new Set(["atan2", ...SET_OPERATORS]);

/** Parses the PromQL subset the replay source evaluates; anything else is a `SourceQueryError`. */
export function parsePromql(query: string): Expr {
  try {
    const tokens = new TokenStream(tokenize(query));
    const expr = new Parser(tokens).parseExpression(0);
    tokens.expectEnd();
    if (typeOf(expr) === "matrix") {
      throw new SyntaxError(
        "a range vector cannot be the result of a range query; wrap it in a function such as rate()",
      );
    }
    return expr;
  } catch (error) {
    if (error instanceof SourceQueryError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new SourceQueryError("metrics", `cannot parse PromQL ${JSON.stringify(query)}: ${message}`, {
      cause: error,
    });
  }
}

/** Parses `metric{...}` or `{...}` alone, as `/api/v1/series` takes it. */
export function parseSeriesSelector(selector: string): VectorSelector {
  const expr = parsePromql(selector);
  if (expr.type !== "vector" || expr.offsetSeconds !== 0) {
    throw new SourceQueryError("metrics", `expected a series selector, got ${JSON.stringify(selector)}`);
  }
  return expr;
}

class Parser {
  constructor(private readonly tokens: TokenStream) {}

  parseExpression(minPrecedence: number): Expr {
    let lhs = this.parseUnary();
    for (;;) {
      const token = this.tokens.peek();
      const precedence = PRECEDENCE[token.text];
      const isOperator = token.type === "punct" || (token.type === "ident" && WORD_OPERATORS.has(token.text));
      if (!isOperator || precedence === undefined) return lhs;
      if (precedence < minPrecedence) return lhs;
      this.tokens.next();
      const op = token.text as BinaryOp;
      const bool = this.tokens.acceptIdent("bool");
      if (bool && !COMPARISONS.has(op))
        throw new SyntaxError("bool modifier can only be used on comparison operators");
      const matching = this.parseMatching();
      // `^` is right-associative; everything else binds left.
      const rhs = this.parseExpression(op === "^" ? precedence : precedence + 1);
      lhs = this.makeBinary(op, lhs, rhs, bool, matching);
    }
  }

  private makeBinary(op: BinaryOp, lhs: Expr, rhs: Expr, bool: boolean, matching?: VectorMatching): Expr {
    for (const side of [lhs, rhs]) {
      const type = typeOf(side);
      if (type !== "scalar" && type !== "vector") {
        throw new SyntaxError(
          `binary expression must contain only scalar and instant vector types, got ${TYPE_NAMES[type]}`,
        );
      }
    }
    const bothScalar = typeOf(lhs) === "scalar" && typeOf(rhs) === "scalar";
    if (COMPARISONS.has(op) && bothScalar && !bool) {
      throw new SyntaxError("comparisons between scalars must use the bool modifier");
    }
    if (SET_OPERATORS.has(op) && (typeOf(lhs) !== "vector" || typeOf(rhs) !== "vector")) {
      throw new SyntaxError(`set operator "${op}" only works between instant vectors`);
    }
    if (matching && (typeOf(lhs) !== "vector" || typeOf(rhs) !== "vector")) {
      throw new SyntaxError("vector matching only allowed between instant vectors");
    }
    return { type: "binary", op, lhs, rhs, bool, ...(matching ? { matching } : {}) };
  }

  private parseMatching(): VectorMatching | undefined {
    const token = this.tokens.peek();
    if (token.type !== "ident" || (token.text !== "on" && token.text !== "ignoring")) return undefined;
    this.tokens.next();
    const matching = { on: token.text === "on", labels: parseLabelList(this.tokens) };
    const group = this.tokens.peek();
    if (group.type === "ident" && (group.text === "group_left" || group.text === "group_right")) {
      throw new SyntaxError(`${group.text} (many-to-one matching) is not supported by the replay source`);
    }
    return matching;
  }

  private parseUnary(): Expr {
    const token = this.tokens.peek();
    if (token.type === "punct" && (token.text === "-" || token.text === "+")) {
      this.tokens.next();
      // Unary minus binds looser than `^` only: -2^2 is -4, as in Prometheus.
      const expr = this.parseExpression(PRECEDENCE["^"] as number);
      if (expr.type === "number")
        return { type: "number", value: token.text === "-" ? -expr.value : expr.value };
      const type = typeOf(expr);
      if (type !== "scalar" && type !== "vector")
        throw new SyntaxError(`unary ${token.text} needs a scalar or instant vector`);
      return { type: "unary", op: token.text, expr };
    }
    return this.parsePostfix(this.parsePrimary());
  }

  private parsePostfix(expr: Expr): Expr {
    let result = expr;
    if (this.tokens.acceptPunct("[")) {
      if (result.type !== "vector") {
        throw new SyntaxError(
          "subqueries and ranges over expressions are not supported by the replay source",
        );
      }
      const rangeSeconds = this.parseDuration();
      if (this.tokens.peek().text.startsWith(":"))
        throw new SyntaxError("subqueries are not supported by the replay source");
      this.tokens.expectPunct("]");
      if (result.offsetSeconds !== 0)
        throw new SyntaxError("offset must follow the range, as in x[5m] offset 1h");
      result = { type: "matrix", vector: result, rangeSeconds };
    }
    if (this.tokens.acceptIdent("offset")) {
      const negative = this.tokens.acceptPunct("-");
      const seconds = this.parseDuration() * (negative ? -1 : 1);
      if (result.type === "vector") result = { ...result, offsetSeconds: seconds };
      else if (result.type === "matrix")
        result = { ...result, vector: { ...result.vector, offsetSeconds: seconds } };
      else throw new SyntaxError("offset modifier must be preceded by a selector");
    }
    if (this.tokens.peek().text === "@")
      throw new SyntaxError("the @ modifier is not supported by the replay source");
    return result;
  }

  private parsePrimary(): Expr {
    const token = this.tokens.next();
    if (token.type === "number") return { type: "number", value: Number(token.text) };
    if (token.type === "string") return { type: "string", value: unquoteString(token.text) };
    if (token.type === "punct" && token.text === "(") {
      const expr = this.parseExpression(0);
      this.tokens.expectPunct(")");
      return expr;
    }
    if (token.type === "punct" && token.text === "{") return this.parseSelector(undefined);
    if (token.type === "ident") {
      const lower = token.text.toLowerCase();
      if (lower === "inf" || lower === "nan")
        return { type: "number", value: lower === "inf" ? Infinity : Number.NaN };
      const next = this.tokens.peek();
      if (
        AGGREGATE_OPS.has(token.text) &&
        (next.text === "(" || next.text === "by" || next.text === "without")
      ) {
        return this.parseAggregate(token.text as AggregateOp);
      }
      if (next.type === "punct" && next.text === "(") return this.parseCall(token.text);
      if (next.type === "punct" && next.text === "{") {
        this.tokens.next();
        return this.parseSelector(token.text);
      }
      return this.parseSelector(token.text, false);
    }
    throw new SyntaxError(`unexpected ${describeToken(token)}`);
  }

  private parseAggregate(op: AggregateOp): Expr {
    let grouping: { without: boolean; labels: string[] } | undefined = this.parseGrouping();
    this.tokens.expectPunct("(");
    let param: Expr | undefined;
    if (PARAMETRIC.has(op)) {
      param = this.parseExpression(0);
      if (typeOf(param) !== "scalar") throw new SyntaxError(`${op} expects a scalar parameter`);
      this.tokens.expectPunct(",");
    }
    const expr = this.parseExpression(0);
    this.tokens.expectPunct(")");
    grouping ??= this.parseGrouping();
    if (typeOf(expr) !== "vector") {
      throw new SyntaxError(
        `expected type instant vector in aggregation expression, got ${TYPE_NAMES[typeOf(expr)]}`,
      );
    }
    return {
      type: "aggregate",
      op,
      grouping: grouping?.labels ?? [],
      without: grouping?.without ?? false,
      ...(param ? { param } : {}),
      expr,
    };
  }

  private parseGrouping(): { without: boolean; labels: string[] } | undefined {
    if (this.tokens.acceptIdent("by")) return { without: false, labels: parseLabelList(this.tokens) };
    if (this.tokens.acceptIdent("without")) return { without: true, labels: parseLabelList(this.tokens) };
    return undefined;
  }

  private parseCall(name: string): Expr {
    const signature = FUNCTION_SIGNATURES[name];
    if (!signature) throw new SyntaxError(`function "${name}" is not supported by the replay source`);
    this.tokens.expectPunct("(");
    const args: Expr[] = [];
    if (!this.tokens.acceptPunct(")")) {
      do args.push(this.parseExpression(0));
      while (this.tokens.acceptPunct(","));
      this.tokens.expectPunct(")");
    }
    const min = signature.args.length - (signature.optional ?? 0);
    if (args.length < min || args.length > signature.args.length) {
      throw new SyntaxError(
        `expected ${signature.args.length} argument(s) in call to "${name}", got ${args.length}`,
      );
    }
    args.forEach((arg, position) => {
      const expected = signature.args[position] as ValueType;
      if (typeOf(arg) !== expected) {
        throw new SyntaxError(
          `expected type ${TYPE_NAMES[expected]} in call to function "${name}", got ${TYPE_NAMES[typeOf(arg)]}`,
        );
      }
    });
    return { type: "call", name, args };
  }

  private parseSelector(name: string | undefined, braces = true): VectorSelector {
    const matchers: LabelMatcher[] = braces ? parseLabelMatchers(this.tokens) : [];
    if (name !== undefined) {
      if (matchers.some((matcher) => matcher.name === "__name__")) {
        throw new SyntaxError(`metric name given twice for ${name}`);
      }
      matchers.unshift({ name: "__name__", op: "=", value: name });
    }
    const compiled = compileMatchers(matchers);
    if (!hasNonEmptyMatcher(compiled)) {
      throw new SyntaxError("vector selector must contain at least one non-empty matcher");
    }
    return { type: "vector", matchers: compiled, offsetSeconds: 0 };
  }

  private parseDuration(): number {
    const token = this.tokens.next();
    if (token.type === "duration") return durationSeconds(token.text);
    if (token.type === "number" && /^\d+$/.test(token.text)) return Number(token.text);
    throw new SyntaxError(`expected a duration such as 5m, got ${describeToken(token)}`);
  }
}
