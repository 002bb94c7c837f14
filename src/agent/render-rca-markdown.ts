import type { Evidence, Finding, InvestigationGap } from "../domain/evidence.ts";
import type { Hypothesis, MitigationProposal, RcaDocument, RuledOut } from "../domain/rca.ts";
import type { MitigationTarget } from "../domain/root-cause.ts";
import { cite, code, codeBlock, prose } from "./markdown-text.ts";
import { renderReasoningMarkdown } from "./render-reasoning-markdown.ts";

export interface RenderRcaMarkdownOptions {
  /** Replaces the default heading "Root-cause analysis for incident <id>". */
  title?: string;
}

const MAX_SERIES = 5;
const MAX_POINTS_LISTED = 6;
const MAX_LOG_LINES = 5;
const MAX_LINE_CHARS = 300;
const MAX_JSON_CHARS = 600;

/**
 * The RCA as Markdown for people (Slack, PagerDuty notes, the console). Deterministic: the same
 * document always gives the same text. Everything that came from telemetry (names, queries, data,
 * source messages) sits in code spans or fenced blocks, and prose is escaped, so a log line or a
 * label can never turn into a heading, a link or an instruction when rendered.
 */
export function renderRcaMarkdown(rca: RcaDocument, options: RenderRcaMarkdownOptions = {}): string {
  const summary = `${prose(rca.summary)} ${rca.top === null ? "" : cite(rca.top.evidenceIds)}`.trim();
  const runbook =
    rca.runbook === null ? "No runbook matched." : `${code(rca.runbook.id)}: ${prose(rca.runbook.title)}`;
  const sections: Array<[string, string]> = [
    ["Summary", summary],
    // Only when a model took part, so a deterministic RCA renders exactly as it always did.
    ...(rca.reasoning === undefined
      ? []
      : [["Model reasoning", renderReasoningMarkdown(rca.reasoning)] as [string, string]]),
    ["Top hypothesis", rca.top === null ? "No hypothesis was supported by the evidence." : top(rca.top)],
    [
      "Alternatives",
      list(
        rca.alternatives.map((h, i) => alternative(h, i + 2)),
        "None.",
      ),
    ],
    ["Ruled out", list(rca.ruledOut.map(ruledOut), "Nothing was ruled out.")],
    ["Investigation gaps", list(rca.gaps.map(gap), "None: every source answered.")],
    ["Proposed mitigation", mitigation(rca.mitigation)],
    ["Runbook", runbook],
    ["Findings", list(rca.findings.map(finding), "None.")],
    ["Evidence", list(rca.evidence.map(evidence), "No evidence was collected.", "\n\n")],
  ];
  const body = sections.map(([name, text]) => `## ${name}\n\n${text}`);
  return `${[header(rca, options.title), ...body].join("\n\n")}\n`;
}

function header(rca: RcaDocument, title: string | undefined): string {
  const heading =
    title === undefined ? `Root-cause analysis for incident ${code(rca.incidentId)}` : prose(title);
  const window = `${code(rca.window.start)} to ${code(rca.window.end)}`;
  const onset = rca.window.onset === null ? "unknown" : code(rca.window.onset);
  const services = rca.services.length === 0 ? "none identified" : rca.services.map(code).join(", ");
  return [
    `# ${heading}`,
    "",
    `- Mode: ${code(rca.mode)}`,
    `- Window: ${window}, onset ${onset}`,
    `- Services: ${services}`,
    `- Created: ${code(rca.createdAt)}`,
  ].join("\n");
}

function list(items: string[], empty: string, separator = "\n"): string {
  return items.length === 0 ? empty : items.join(separator);
}

function headline(service: string, kind: string, confidence: number): string {
  return `**${code(service)} · ${code(kind)}**, confidence ${confidence.toFixed(2)}`;
}

function chain(services: string[]): string {
  return services.map(code).join(" → ");
}

function top(h: Hypothesis): string {
  const lines = [
    headline(h.service, h.kind, h.confidence),
    "",
    `${prose(h.explanation)} ${cite(h.evidenceIds)}`,
    "",
    `- Causal chain (cause first): ${h.causalChain.length === 0 ? code(h.service) : chain(h.causalChain)}`,
  ];
  if (h.changeId !== undefined) lines.push(`- Change: ${code(h.changeId)}`);
  return lines.join("\n");
}

function alternative(h: Hypothesis, rank: number): string {
  const via = h.causalChain.length > 1 ? ` (chain: ${chain(h.causalChain)})` : "";
  const change = h.changeId === undefined ? "" : ` (change ${code(h.changeId)})`;
  return `${rank}. ${headline(h.service, h.kind, h.confidence)}${via}${change}: ${prose(h.explanation)} ${cite(h.evidenceIds)}`;
}

function ruledOut(r: RuledOut): string {
  return `- ${code(r.service)} ${code(r.kind)}: ${prose(r.reason)} ${cite(r.evidenceIds)}`;
}

function gap(g: InvestigationGap): string {
  return `- ${code(g.investigator)} could not read ${code(g.source)} (${g.reason}): ${code(g.message)}`;
}

function target(t: MitigationTarget | undefined): string {
  if (t === undefined) return "none";
  return code(`${t.kind} ${t.namespace === undefined ? "" : `${t.namespace}/`}${t.name}`);
}

function mitigation(m: MitigationProposal): string {
  const lines =
    m.action === "none"
      ? [`- Action: ${code("none")}, no automatic action proposed`]
      : [`- Action: ${code(m.action)}`, `- Target: ${target(m.target)}`];
  lines.push(`- Why: ${prose(m.why)} ${cite(m.evidenceIds)}`);
  if (m.action !== "none") lines.push(`- How to reverse: ${prose(m.reverse)}`, `- Risk: ${m.risk}`);
  if (m.refused !== undefined) {
    const { action, reason } = m.refused;
    lines.push(`- Refused by policy: ${code(action)} on ${target(m.refused.target)}: ${prose(reason)}`);
  }
  return lines.join("\n");
}

function finding(f: Finding): string {
  const onset = f.onset === undefined ? "" : `, onset ${code(isoSeconds(f.onset))}`;
  const change = f.changeId === undefined ? "" : `, change ${code(f.changeId)}`;
  const facts = `${code(f.investigator)} ${code(f.service)} ${code(f.kind)} on ${code(f.signal)}`;
  return `- ${facts}, score ${f.score.toFixed(2)}${onset}${change}: ${prose(f.summary)} ${cite(f.evidenceIds)}`;
}

function evidence(e: Evidence): string {
  const slice = describeData(e.data);
  return [
    `### ${code(e.id)} from ${code(e.source)}`,
    "",
    `- Query: ${code(e.query)}`,
    `- Range: ${code(e.range.start)} to ${code(e.range.end)}`,
    `- Summary: ${prose(e.summary)}`,
    "",
    codeBlock(slice.text, slice.lang),
  ].join("\n");
}

// ---------- data slices ----------

interface SeriesLike {
  metric: Record<string, unknown>;
  values: unknown[];
}
interface StreamLike {
  stream: Record<string, unknown>;
  values: unknown[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function isSeries(value: unknown): value is SeriesLike {
  return isRecord(value) && isRecord(value.metric) && Array.isArray(value.values);
}
function isStream(value: unknown): value is StreamLike {
  return isRecord(value) && isRecord(value.stream) && Array.isArray(value.values);
}

function describeData(data: unknown): { lang: string; text: string } {
  if (data === undefined || data === null) return { lang: "text", text: "(no data)" };
  if (typeof data === "string") return { lang: "text", text: logLines(data.split(/\r?\n/), 1) };
  if (Array.isArray(data) && data.length === 0)
    return { lang: "text", text: "(empty: the source found nothing)" };
  const items = Array.isArray(data) ? data : [data];
  if (items.every(isSeries)) return { lang: "text", text: seriesList(items) };
  if (items.every(isStream)) return { lang: "text", text: streams(items) };
  if (items.every((i) => typeof i === "string")) return { lang: "text", text: logLines(items, 1) };
  return { lang: "json", text: shortJson(data) };
}

function seriesList(series: SeriesLike[]): string {
  const shown = series.slice(0, MAX_SERIES).map((s) => `${labels(s.metric)}\n${points(s.values)}`);
  if (series.length > MAX_SERIES) shown.push(`... ${series.length - MAX_SERIES} more series`);
  return shown.join("\n");
}

function points(values: unknown[]): string {
  const pairs = values.flatMap((v) =>
    Array.isArray(v) && v.length >= 2 ? [{ t: Number(v[0]), v: Number(v[1]) }] : [],
  );
  if (pairs.length <= MAX_POINTS_LISTED) {
    return pairs.length === 0
      ? "  (no points)"
      : pairs.map((p) => `  ${isoSeconds(p.t)}  ${num(p.v)}`).join("\n");
  }
  const finite = pairs.map((p) => p.v).filter(Number.isFinite);
  const sorted = [...finite].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median =
    sorted.length % 2 === 1 ? sorted[Math.floor(mid)] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  const first = pairs[0]!;
  const last = pairs[pairs.length - 1]!;
  return [
    `  ${pairs.length} points, min ${num(sorted[0])}, median ${num(median)}, max ${num(sorted[sorted.length - 1])}`,
    `  first ${isoSeconds(first.t)}  ${num(first.v)}`,
    `  last  ${isoSeconds(last.t)}  ${num(last.v)}`,
  ].join("\n");
}

function streams(items: StreamLike[]): string {
  const lines = items.flatMap((s) =>
    s.values.map((v) =>
      Array.isArray(v) && v.length >= 2 ? `${isoNanoseconds(v[0])} ${String(v[1])}` : String(v),
    ),
  );
  const heading = `${plural(lines.length, "line")} in ${plural(items.length, "stream")}: ${items
    .slice(0, 3)
    .map((s) => labels(s.stream))
    .join(" ")}${items.length > 3 ? " ..." : ""}`;
  return `${heading}\n${logLines(lines, 0)}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function logLines(lines: string[], minimum: number): string {
  const kept = lines.filter((l) => l.length > 0 || minimum > 0).slice(0, MAX_LOG_LINES);
  const clipped = kept.map((l) => (l.length > MAX_LINE_CHARS ? `${l.slice(0, MAX_LINE_CHARS)}...` : l));
  if (lines.length > MAX_LOG_LINES) clipped.push(`... ${lines.length - MAX_LOG_LINES} more lines`);
  return clipped.join("\n");
}

function labels(metric: Record<string, unknown>): string {
  const pairs = Object.keys(metric)
    .sort()
    .map((k) => `${k}=${JSON.stringify(String(metric[k]))}`);
  return `{${pairs.join(", ")}}`;
}

function shortJson(data: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(data) ?? String(data);
  } catch {
    text = String(data);
  }
  return text.length > MAX_JSON_CHARS ? `${text.slice(0, MAX_JSON_CHARS)}... (${text.length} chars)` : text;
}

function num(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return String(value ?? "n/a");
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}

function isoMilliseconds(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString().replace(".000Z", "Z");
}

function isoSeconds(seconds: number): string {
  return isoMilliseconds(seconds * 1000);
}

/** Loki timestamps are nanoseconds as decimal strings, beyond a double's exact range. */
function isoNanoseconds(value: unknown): string {
  try {
    return isoMilliseconds(Number(BigInt(String(value)) / 1_000_000n));
  } catch {
    return String(value);
  }
}
