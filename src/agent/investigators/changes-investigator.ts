import { rootCauseKindOfChange } from "../../analysis/index.ts";
import type { Evidence, Finding } from "../../domain/evidence.ts";
import type { ChangeEvent } from "../../ports/change-source.ts";
import { evidenceId } from "../evidence-id.ts";
import { flagKeyOf } from "./flag-key-of.ts";
import type { Investigator } from "./investigator.ts";

/** How far before the window the history is read: a change can precede its first symptom by a while. */
const HISTORY_SECONDS = 6 * 3600;
/** Prior scores decay with distance before the alert; the merge step re-scores against the real onset. */
const DECAY_SECONDS = 20 * 60;

/**
 * Every deploy, config change, flag flip and migration in the history, each as a finding with the
 * change itself as evidence. Its score here is only a prior (closeness to the alert); the merge step
 * correlates it with each service's onset and the topology.
 */
export function createChangesInvestigator(): Investigator {
  return {
    name: "changes",
    async run(scope, sources, signal) {
      const start = scope.window.start - HISTORY_SECONDS;
      const changes = await sources.changes.list({ start, end: scope.now }, signal);
      const evidence: Evidence[] = [];
      const findings: Finding[] = [];
      for (const change of changes) {
        const at = Date.parse(change.at) / 1000;
        if (!Number.isFinite(at) || at > scope.now) continue;
        const item = toEvidence(change, start, scope.now);
        evidence.push(item);
        const kind = rootCauseKindOfChange(change.kind);
        if (!kind) continue;
        const lead = scope.alertStart - at;
        const subject = change.kind === "feature-flag" ? flagKeyOf(change) : null;
        findings.push({
          investigator: "changes",
          service: change.service,
          kind,
          score: lead < -60 ? 0.05 : Math.exp(-Math.max(0, lead) / DECAY_SECONDS),
          onset: at,
          signal: change.kind,
          summary: `${change.kind} of ${change.service} at ${change.at}${describe(change)}`,
          evidenceIds: [item.id],
          changeId: change.id,
          ...(subject ? { subject } : {}),
        });
      }
      return { findings, evidence, anomalies: [], gaps: [] };
    },
  };
}

function toEvidence(change: ChangeEvent, start: number, end: number): Evidence {
  return {
    id: evidenceId("changes", `change ${change.id}`, start, end),
    source: "changes",
    query: `changes.list(${new Date(start * 1000).toISOString()}, ${new Date(end * 1000).toISOString()}) id=${change.id}`,
    range: { start: new Date(start * 1000).toISOString(), end: new Date(end * 1000).toISOString() },
    summary: `${change.kind} ${change.service}${describe(change)} at ${change.at}${change.author ? ` by ${change.author}` : ""}`,
    data: change,
  };
}

function describe(change: ChangeEvent): string {
  const fromTo =
    change.from !== undefined || change.to !== undefined
      ? `: ${change.from ?? "?"} → ${change.to ?? "?"}`
      : "";
  return `${fromTo}${change.summary ? ` (${change.summary})` : ""}`;
}
