import type { Evidence } from "../../domain/evidence.ts";
import type { Hypothesis } from "../../domain/rca.ts";
import type { InvestigationStateValue } from "../state.ts";
import { quoteTelemetry } from "./quote-telemetry.ts";

const MAX_FINDINGS = 30;
const MAX_EVIDENCE_LISTED = 60;
const MAX_SUMMARY_CHARS = 240;
const MAX_QUERY_CHARS = 240;

/** `h1`, `h2`, ...: how prompts and the model's answers name the deterministic hypotheses, in rank order. */
export function hypothesisId(index: number): string {
  return `h${index + 1}`;
}

/** Every evidence item the investigators collected, by id (the first of a duplicated id wins, as in the RCA). */
export function evidenceById(state: InvestigationStateValue): Map<string, Evidence> {
  const byId = new Map<string, Evidence>();
  for (const item of state.results.flatMap((result) => result.evidence)) {
    if (!byId.has(item.id)) byId.set(item.id, item);
  }
  return byId;
}

/**
 * What the model is told about the incident: the alerts, the scope, the ranked hypotheses, what was
 * ruled out, the findings, the evidence it may cite and the sources that could not be read. All of
 * it derives from telemetry, so all of it is quoted as data; only the headings are Vigil's words.
 */
export function caseFile(state: InvestigationStateValue): string {
  const scope = state.scope;
  const findings = state.results.flatMap((result) => result.findings);
  const gaps = [...state.triageGaps, ...state.results.flatMap((result) => result.gaps)];
  const sections: Array<[string, string, unknown]> = [
    [
      "Alerts as received",
      "alerts",
      state.alerts.map((alert) => ({
        name: alert.name,
        severity: alert.severity,
        status: alert.status,
        summary: alert.summary,
        labels: alert.labels,
        annotations: alert.annotations,
        startsAt: iso(alert.startsAt),
      })),
    ],
    [
      "Scope of the investigation",
      "scope",
      {
        alertingService: scope?.focus ?? null,
        namespace: scope?.namespace ?? null,
        services: scope?.services.slice(0, 30) ?? [],
        window: scope ? { start: iso(scope.window.start), end: iso(scope.window.end) } : null,
        now: iso(state.now),
        topology: scope?.topology.slice(0, 60) ?? [],
      },
    ],
    [
      "Hypotheses ranked by the deterministic analysis, h1 most likely",
      "hypotheses",
      state.hypotheses.map((hypothesis, index) => describeHypothesis(hypothesis, index)),
    ],
    ["Ruled out", "ruled-out", state.ruledOut],
    [
      "Findings of the investigators",
      "findings",
      findings.slice(0, MAX_FINDINGS).map((finding) => ({
        investigator: finding.investigator,
        service: finding.service,
        kind: finding.kind,
        signal: finding.signal,
        score: round(finding.score),
        summary: clip(finding.summary, MAX_SUMMARY_CHARS),
        evidenceIds: finding.evidenceIds,
      })),
    ],
    [
      "Evidence you may cite (show_evidence shows an item's data)",
      "evidence",
      listedEvidence(state).map((item) => ({
        id: item.id,
        source: item.source,
        query: clip(item.query, MAX_QUERY_CHARS),
        summary: clip(item.summary, MAX_SUMMARY_CHARS),
      })),
    ],
    ["Sources that could not be read", "gaps", gaps],
  ];
  return sections
    .map(([heading, label, data]) => `## ${heading}\n${quoteTelemetry(label, data, 20_000)}`)
    .join("\n\n");
}

/** Evidence the hypotheses, findings and ruled-out causes cite first, then the rest, up to a cap. */
function listedEvidence(state: InvestigationStateValue): Evidence[] {
  const all = [...evidenceById(state).values()];
  const cited = new Set(
    [...state.hypotheses, ...state.ruledOut, ...state.results.flatMap((result) => result.findings)].flatMap(
      (item) => item.evidenceIds,
    ),
  );
  return [...all.filter((item) => cited.has(item.id)), ...all.filter((item) => !cited.has(item.id))].slice(
    0,
    MAX_EVIDENCE_LISTED,
  );
}

function describeHypothesis(hypothesis: Hypothesis, index: number) {
  return {
    id: hypothesisId(index),
    service: hypothesis.service,
    kind: hypothesis.kind,
    confidence: hypothesis.confidence,
    explanation: hypothesis.explanation,
    causalChain: hypothesis.causalChain,
    ...(hypothesis.changeId !== undefined ? { changeId: hypothesis.changeId } : {}),
    ...(hypothesis.onset !== undefined ? { onset: iso(hypothesis.onset) } : {}),
    evidenceIds: hypothesis.evidenceIds,
  };
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
