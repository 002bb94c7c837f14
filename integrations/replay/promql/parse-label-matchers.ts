import {
  type CompiledMatcher,
  compileMatcher,
  type LabelMatcher,
  type MatchOperator,
} from "./label-matcher.ts";
import { unquoteString } from "./string-literal.ts";
import { describeToken, type TokenStream } from "./token-stream.ts";

const MATCH_OPERATORS = new Set<string>(["=", "!=", "=~", "!~"]);

/** Reads `a="x", b=~"y"}` (the opening brace already taken), the syntax PromQL and LogQL share. */
export function parseLabelMatchers(tokens: TokenStream): LabelMatcher[] {
  const matchers: LabelMatcher[] = [];
  if (tokens.acceptPunct("}")) return matchers;
  do {
    if (tokens.peek().text === "}") break;
    const name = tokens.expectType("ident", "label name").text;
    const op = tokens.next();
    if (op.type !== "punct" || !MATCH_OPERATORS.has(op.text)) {
      throw new SyntaxError(`unexpected ${describeToken(op)} after label ${name}`);
    }
    const value = unquoteString(tokens.expectType("string", "quoted label value").text);
    matchers.push({ name, op: op.text as MatchOperator, value });
  } while (tokens.acceptPunct(","));
  tokens.expectPunct("}");
  return matchers;
}

export function compileMatchers(matchers: readonly LabelMatcher[]): CompiledMatcher[] {
  return matchers.map((matcher) => {
    try {
      return compileMatcher(matcher);
    } catch (error) {
      throw new SyntaxError(`invalid regex ${JSON.stringify(matcher.value)}: ${(error as Error).message}`);
    }
  });
}

/** `(a, b, c)` after by, without, on and ignoring. */
export function parseLabelList(tokens: TokenStream): string[] {
  tokens.expectPunct("(");
  const labels: string[] = [];
  if (tokens.acceptPunct(")")) return labels;
  do {
    if (tokens.peek().text === ")") break;
    labels.push(tokens.expectType("ident", "label name").text);
  } while (tokens.acceptPunct(","));
  tokens.expectPunct(")");
  return labels;
}
