/** Markdown text helpers that keep telemetry inert: escaped prose, code spans and fences, citations. */

/** `[id]` citations; an uncited claim says so rather than rendering as if it were grounded. */
export function cite(ids: readonly string[]): string {
  return ids.length === 0 ? "_(no evidence cited)_" : ids.map((id) => `[${prose(id)}]`).join(" ");
}

/** Inline code whose delimiter is longer than any backtick run inside, so telemetry cannot close it. */
export function code(text: string): string {
  const flat = text.replace(/\r\n|\r|\n/g, " ");
  if (flat.length === 0) return "` `";
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  if (longest === 0) return `\`${flat}\``;
  const fence = "`".repeat(longest + 1);
  return `${fence} ${flat} ${fence}`;
}

export function codeBlock(text: string, lang: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${text.replace(/\r\n|\r/g, "\n")}\n${fence}`;
}

/** Plain text on one line, with every character Markdown or HTML could act on escaped. */
export function prose(text: string): string {
  return text
    .replace(/\s*(\r\n|\r|\n)\s*/g, " ")
    .replace(/[\\`*_[\]<|~&]/g, (c) => `\\${c}`)
    .replace(/^[-+=#>]/, (c) => `\\${c}`)
    .replace(/^(\d+)([.)])/, "$1\\$2");
}
