export type TokenType = "ident" | "number" | "duration" | "string" | "punct" | "eof";

export interface Token {
  type: TokenType;
  text: string;
  position: number;
}

const PUNCTUATION = [
  "|=",
  "|~",
  "|>",
  "!>",
  "=~",
  "!~",
  "!=",
  "==",
  ">=",
  "<=",
  "(",
  ")",
  "{",
  "}",
  "[",
  "]",
  ",",
  "=",
  "+",
  "-",
  "*",
  "/",
  "%",
  "^",
  ">",
  "<",
  "@",
  ":",
  "|",
];
const DURATION = /^(\d+(ms|s|m|h|d|w|y))+/;
const NUMBER = /^(0[xX][0-9a-fA-F]+|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)/;
const IDENT = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;

/** Splits a PromQL or LogQL query into tokens; `|` is only meaningful to LogQL. */
export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let position = 0;
  while (position < query.length) {
    const rest = query.slice(position);
    const space = /^(\s+|#[^\n]*)/.exec(rest);
    if (space) {
      position += space[0].length;
      continue;
    }
    const token = readToken(rest, position);
    tokens.push(token);
    position += token.text.length;
  }
  tokens.push({ type: "eof", text: "", position });
  return tokens;
}

function readToken(rest: string, position: number): Token {
  const first = rest[0] as string;
  if (first === '"' || first === "'" || first === "`") {
    return { type: "string", text: readQuoted(rest, position), position };
  }
  if (/[0-9.]/.test(first)) {
    const duration = DURATION.exec(rest);
    const number = NUMBER.exec(rest);
    if (duration && (!number || duration[0].length > number[0].length)) {
      return { type: "duration", text: duration[0], position };
    }
    if (number) return { type: "number", text: number[0], position };
  }
  const ident = IDENT.exec(rest);
  if (ident) return { type: "ident", text: ident[0], position };
  for (const punct of PUNCTUATION) {
    if (rest.startsWith(punct)) return { type: "punct", text: punct, position };
  }
  throw new SyntaxError(`unexpected character ${JSON.stringify(first)} at position ${position}`);
}

function readQuoted(rest: string, position: number): string {
  const quote = rest[0];
  for (let i = 1; i < rest.length; i++) {
    const char = rest[i];
    if (char === "\\" && quote !== "`") {
      i++;
      continue;
    }
    if (char === "\n" && quote !== "`") break;
    if (char === quote) return rest.slice(0, i + 1);
  }
  throw new SyntaxError(`unterminated string starting at position ${position}`);
}

const DURATION_PART = /(\d+)(ms|s|m|h|d|w|y)/g;
const UNIT_SECONDS: Record<string, number> = {
  ms: 0.001,
  s: 1,
  m: 60,
  h: 3600,
  d: 86400,
  w: 604800,
  y: 31536000,
};

export function durationSeconds(text: string): number {
  let total = 0;
  for (const [, amount, unit] of text.matchAll(DURATION_PART)) {
    total += Number(amount) * (UNIT_SECONDS[unit as string] as number);
  }
  return total;
}
