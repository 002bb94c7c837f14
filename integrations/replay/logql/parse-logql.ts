import { SourceQueryError } from "../../../src/ports/source-errors.ts";
import { type CompiledMatcher, hasNonEmptyMatcher, leadingFlags } from "../promql/label-matcher.ts";
import { tokenize } from "../promql/lexer.ts";
import { compileMatchers, parseLabelMatchers } from "../promql/parse-label-matchers.ts";
import { unquoteString } from "../promql/string-literal.ts";
import { describeToken, TokenStream } from "../promql/token-stream.ts";

export interface LineFilter {
  op: "|=" | "!=" | "|~" | "!~";
  value: string;
  test(line: string): boolean;
}

export interface LogSelector {
  matchers: CompiledMatcher[];
  filters: LineFilter[];
}

const LINE_FILTERS = new Set(["|=", "!=", "|~", "!~"]);

/**
 * Parses the LogQL subset the replay source answers: a stream selector and chained line
 * filters. Parsers (`| json`), formatters and metric queries are refused with a clear error.
 */
export function parseLogql(query: string): LogSelector {
  try {
    return parseTokens(new TokenStream(tokenize(query)));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new SourceQueryError("logs", `cannot parse LogQL ${JSON.stringify(query)}: ${message}`, {
      cause: error,
    });
  }
}

function parseTokens(tokens: TokenStream): LogSelector {
  const first = tokens.peek();
  if (first.type === "ident") {
    throw new SyntaxError(
      `metric queries such as ${first.text}(...) are not supported by the replay log source`,
    );
  }
  tokens.expectPunct("{");
  const matchers = compileMatchers(parseLabelMatchers(tokens));
  if (!hasNonEmptyMatcher(matchers)) {
    throw new SyntaxError(
      "queries require at least one regexp or equality matcher that does not have an empty-compatible value",
    );
  }
  const filters: LineFilter[] = [];
  while (tokens.peek().type !== "eof") {
    const op = tokens.next();
    if (op.type !== "punct" || !LINE_FILTERS.has(op.text)) {
      const what = op.text === "|" ? `pipeline stage "| ${tokens.peek().text}"` : describeToken(op);
      throw new SyntaxError(`${what} is not supported by the replay log source (only |=, !=, |~, !~)`);
    }
    const value = unquoteString(tokens.expectType("string", `a quoted filter after ${op.text}`).text);
    if (tokens.peek().type === "ident" && tokens.peek().text === "or") {
      throw new SyntaxError('"or" in line filters is not supported by the replay log source');
    }
    filters.push(lineFilter(op.text as LineFilter["op"], value));
  }
  return { matchers, filters };
}

function lineFilter(op: LineFilter["op"], value: string): LineFilter {
  if (op === "|=") return { op, value, test: (line) => line.includes(value) };
  if (op === "!=") return { op, value, test: (line) => !line.includes(value) };
  // Loki line regexes are unanchored RE2, without the dot-matches-newline flag.
  const { source, flags } = leadingFlags(value);
  const regex = new RegExp(source, flags);
  return op === "|~"
    ? { op, value, test: (line) => regex.test(line) }
    : { op, value, test: (line) => !regex.test(line) };
}
