import type { RootCauseKind } from "../../domain/root-cause.ts";
import type { Runbook, RunbookMatch } from "./runbook.ts";

export interface RunbookQuery {
  /** The alert's name; falls back to `labels.alertname` when absent. */
  alertName?: string;
  labels?: Record<string, string>;
  /** The alert's summary or title. */
  text?: string;
  /** Root-cause kinds in order of belief (the top hypothesis first). */
  kinds?: readonly RootCauseKind[];
}

interface Scored {
  runbook: Runbook;
  alertScore: number;
  /** Position in the query's kinds of the first one this runbook covers. */
  kindRank: number;
  /** Where that kind sits in the runbook's own list: a runbook listing it first is mainly about it. */
  kindPosition: number;
}

const compiled = new Map<string, RegExp>();

function test(pattern: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  let regex = compiled.get(pattern);
  if (regex === undefined) {
    regex = new RegExp(pattern, "i");
    compiled.set(pattern, regex);
  }
  return regex.test(value);
}

/** 0 when the entry does not match; otherwise how specific it is, so a name match beats a title match. */
function entryScore(match: RunbookMatch, alertName: string | undefined, query: RunbookQuery): number {
  let score = 0;
  if (match.alertname !== undefined) {
    if (!test(match.alertname, alertName)) return 0;
    score += 4;
  }
  for (const [label, pattern] of Object.entries(match.labels ?? {})) {
    if (!test(pattern, query.labels?.[label])) return 0;
    score += 2;
  }
  if (match.text !== undefined) {
    if (!test(match.text, query.text)) return 0;
    score += 1;
  }
  return score;
}

function score(runbook: Runbook, query: RunbookQuery): Scored {
  const alertName = query.alertName ?? query.labels?.alertname;
  const alertScore = Math.max(0, ...runbook.matches.map((m) => entryScore(m, alertName, query)));
  const kinds = query.kinds ?? [];
  const index = kinds.findIndex((kind) => runbook.kinds.includes(kind));
  const matchedKind = kinds[index];
  if (matchedKind === undefined) {
    return {
      runbook,
      alertScore,
      kindRank: Number.POSITIVE_INFINITY,
      kindPosition: Number.POSITIVE_INFINITY,
    };
  }
  return { runbook, alertScore, kindRank: index, kindPosition: runbook.kinds.indexOf(matchedKind) };
}

function compare(a: Scored, b: Scored): number {
  const alert = Number(b.alertScore > 0) - Number(a.alertScore > 0);
  if (alert !== 0) return alert;
  if (a.kindRank !== b.kindRank) return a.kindRank < b.kindRank ? -1 : 1;
  if (a.kindPosition !== b.kindPosition) return a.kindPosition < b.kindPosition ? -1 : 1;
  if (a.alertScore !== b.alertScore) return b.alertScore - a.alertScore;
  return a.runbook.id < b.runbook.id ? -1 : a.runbook.id > b.runbook.id ? 1 : 0;
}

/**
 * The runbooks that fit an alert or the suspected root-cause kinds, best first: those the alert
 * matches before those only a kind matches; within each, the one about the most believed kind
 * first (and the runbook listing that kind earliest), then the more specific alert match, then by
 * id so the order is stable.
 */
export function matchRunbooks(runbooks: readonly Runbook[], query: RunbookQuery): Runbook[] {
  return runbooks
    .map((runbook) => score(runbook, query))
    .filter((s) => s.alertScore > 0 || Number.isFinite(s.kindRank))
    .sort(compare)
    .map((s) => s.runbook);
}
