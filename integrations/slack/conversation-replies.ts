import type { IncidentFacts } from "../../src/notify/slack-incident-lookup.ts";
import { codeSpan, escapeMrkdwn, oneLine, truncate } from "./escape-mrkdwn.ts";

/**
 * The words Vigil answers with in Slack. Everything here is built from stored incidents and RCAs;
 * what a person typed is only used to pick which incident, never echoed, and telemetry is escaped.
 */
export const HELP_REPLY = [
  "*Vigil* answers from the incidents it has investigated:",
  "• `/vigil status`: open incidents and the top hypothesis of each",
  "• `/vigil rca <incident id or its first 8 characters>`: the RCA summary",
  "• mention me with a service name, e.g. _what's wrong with checkout?_",
].join("\n");

export function shortId(id: string): string {
  return id.slice(0, 8);
}

function topLine(facts: IncidentFacts): string {
  const top = facts.rca?.top;
  if (facts.rca === null) return "investigating";
  if (top === undefined || top === null) return "no supported hypothesis";
  return `${codeSpan(top.service)} ${codeSpan(top.kind)} (${Math.round(top.confidence * 100)} %)`;
}

function title(facts: IncidentFacts): string {
  return escapeMrkdwn(truncate(oneLine(facts.title), 120));
}

export function statusReply(open: readonly IncidentFacts[]): string {
  if (open.length === 0) return ":white_check_mark: No open incidents.";
  const lines = open.map(
    (facts) =>
      `• ${codeSpan(shortId(facts.id))} *${title(facts)}* (${escapeMrkdwn(facts.severity)}): ${topLine(facts)}`,
  );
  return [`*Open incidents (${open.length})*`, ...lines].join("\n");
}

export function rcaReply(facts: IncidentFacts, publicUrl: string | null): string {
  const lines = [
    `*${title(facts)}* ${codeSpan(shortId(facts.id))}, ${facts.status}, opened ${facts.openedAt}`,
  ];
  const rca = facts.rca;
  if (rca === null) {
    lines.push("The investigation has not written an RCA yet.");
  } else {
    lines.push(`*Top hypothesis*: ${topLine(facts)}`);
    if (rca.top !== null) lines.push(escapeMrkdwn(truncate(oneLine(rca.top.explanation), 500)));
    const alternatives = rca.alternatives
      .slice(0, 2)
      .map((h) => `${codeSpan(h.service)} ${codeSpan(h.kind)} (${Math.round(h.confidence * 100)} %)`);
    if (alternatives.length > 0) lines.push(`*Alternatives*: ${alternatives.join(", ")}`);
    if (rca.gaps.length > 0) {
      lines.push(`*Gaps*: ${rca.gaps.map((gap) => `${codeSpan(gap.source)} (${gap.reason})`).join(", ")}`);
    }
    const action = rca.mitigation.action;
    lines.push(
      `*Mitigation*: ${action === "none" ? "none proposed" : codeSpan(action)}: ${escapeMrkdwn(truncate(oneLine(rca.mitigation.why), 300))}`,
    );
  }
  if (publicUrl !== null) lines.push(`<${publicUrl}/api/incidents/${facts.id}/rca.md|Full RCA>`);
  return lines.join("\n");
}

export function notFoundReply(): string {
  return "I found no incident with that id. `/vigil status` lists the open ones.";
}

export function noServiceReply(known: readonly string[]): string {
  if (known.length === 0) return "I have no investigated incidents yet.";
  const names = known.slice(0, 15).map(codeSpan).join(", ");
  return `I could not tell which service you mean. Recent incidents name: ${names}.`;
}

export function serviceReply(service: string, facts: IncidentFacts | null, publicUrl: string | null): string {
  if (facts === null) return `No incident names ${codeSpan(service)}.`;
  return `Latest incident for ${codeSpan(service)}:\n${rcaReply(facts, publicUrl)}`;
}
