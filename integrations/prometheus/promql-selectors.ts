export type MatchOp = "=" | "!=" | "=~" | "!~";

export interface LabelMatcher {
  label: string;
  op: MatchOp;
  value: string;
}

export interface Selector {
  /** The metric name written before the braces, or null (`{__name__="x"}` keeps it in `matchers`). */
  metric: string | null;
  matchers: LabelMatcher[];
}

/** The metric a selector selects by exact name, either way PromQL lets one write it. */
export function metricOf(selector: Selector): string | null {
  return (
    selector.metric ??
    selector.matchers.find((matcher) => matcher.label === "__name__" && matcher.op === "=")?.value ??
    null
  );
}

/**
 * Rewrites the label matchers of every selector in a PromQL expression. `replace` returns the new
 * matchers, or null to keep the selector as written. Strings and comments are skipped; a selector
 * this small parser does not understand (quoted label names, unusual escapes) is kept as written.
 */
export function mapSelectors(query: string, replace: (selector: Selector) => LabelMatcher[] | null): string {
  let out = "";
  let index = 0;
  while (index < query.length) {
    const char = query[index] as string;
    if (char === '"' || char === "'" || char === "`") {
      const end = stringEnd(query, index);
      out += query.slice(index, end);
      index = end;
    } else if (char === "#") {
      const end = query.indexOf("\n", index);
      const stop = end < 0 ? query.length : end;
      out += query.slice(index, stop);
      index = stop;
    } else if (char === "{") {
      const parsed = parseMatchers(query, index);
      if (!parsed) {
        const end = blockEnd(query, index);
        out += query.slice(index, end);
        index = end;
        continue;
      }
      const replaced = replace({ metric: metricBefore(query, index), matchers: parsed.matchers });
      out += replaced ? `{${formatMatchers(replaced)}}` : query.slice(index, parsed.end);
      index = parsed.end;
    } else {
      out += char;
      index += 1;
    }
  }
  return out;
}

export function formatMatchers(matchers: LabelMatcher[]): string {
  return matchers.map((matcher) => `${matcher.label}${matcher.op}${quote(matcher.value)}`).join(", ");
}

/** A value matched literally inside a `=~` regex. */
export function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function quote(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

const KEYWORDS = new Set(["and", "or", "unless", "bool", "by", "without", "on", "ignoring", "offset"]);

function metricBefore(query: string, brace: number): string | null {
  const match = /(^|[^a-zA-Z0-9_:])([a-zA-Z_:][a-zA-Z0-9_:]*)\s*$/.exec(
    query.slice(Math.max(0, brace - 300), brace),
  );
  const name = match?.[2];
  return name && !KEYWORDS.has(name) ? name : null;
}

const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*/y;

function parseMatchers(query: string, open: number): { matchers: LabelMatcher[]; end: number } | null {
  const matchers: LabelMatcher[] = [];
  let index = open + 1;
  for (;;) {
    const close = /\s*\}/y;
    close.lastIndex = index;
    const closed = close.exec(query);
    if (closed) return { matchers, end: index + closed[0].length };
    LABEL.lastIndex = index;
    const head = LABEL.exec(query);
    if (!head) return null;
    index += head[0].length;
    const end = stringEnd(query, index);
    const value = unquote(query.slice(index, end));
    if (value === null) return null;
    matchers.push({ label: head[1] as string, op: head[2] as MatchOp, value });
    index = end;
    const comma = /\s*,/y;
    comma.lastIndex = index;
    const separated = comma.exec(query);
    if (separated) index += separated[0].length;
  }
}

/** Index just past the `}` that closes the block opened at `open`, strings skipped. */
function blockEnd(query: string, open: number): number {
  let index = open + 1;
  while (index < query.length && query[index] !== "}") {
    const end = stringEnd(query, index);
    index = end > index ? end : index + 1;
  }
  return Math.min(index + 1, query.length);
}

/** Index just past the string literal starting at `start` (or the end of the text). */
function stringEnd(query: string, start: number): number {
  const quoteChar = query[start];
  if (quoteChar !== '"' && quoteChar !== "'" && quoteChar !== "`") return start;
  for (let index = start + 1; index < query.length; index += 1) {
    const char = query[index];
    if (char === "\\" && quoteChar !== "`") index += 1;
    else if (char === quoteChar) return index + 1;
  }
  return query.length;
}

const ESCAPES: Record<string, string> = { "\\": "\\", '"': '"', "'": "'", n: "\n", t: "\t", r: "\r" };

function unquote(literal: string): string | null {
  const quoteChar = literal[0];
  if (literal.length < 2 || literal.at(-1) !== quoteChar) return null;
  const body = literal.slice(1, -1);
  if (quoteChar === "`") return body;
  if (quoteChar !== '"' && quoteChar !== "'") return null;
  let out = "";
  for (let index = 0; index < body.length; index += 1) {
    const char = body[index] as string;
    if (char !== "\\") {
      out += char;
      continue;
    }
    const escaped = ESCAPES[body[index + 1] ?? ""];
    if (escaped === undefined) return null;
    out += escaped;
    index += 1;
  }
  return out;
}
