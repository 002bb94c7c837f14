import type { Evidence, Finding, InvestigationGap } from "../../domain/evidence.ts";
import type { ModelReasoning } from "../../domain/model-reasoning.ts";
import type { Hypothesis, RcaDocument } from "../../domain/rca.ts";
import type { MitigationPolicy } from "../../mitigation/mitigation-policy.ts";
import { proposeMitigation } from "../../mitigation/propose-mitigation.ts";
import type { InvestigationStateValue } from "../state.ts";

const CHANGE_KIND_OF_CAUSE: Record<string, string> = {
  "bad-deploy": "deploy",
  "config-change": "config",
  "feature-flag": "feature-flag",
  "schema-migration": "migration",
};
const ALTERNATIVES = 4;

/**
 * Assembles the RCA document from the ranked hypotheses and proposes the mitigation. With a model's
 * reasoning in the state, the RCA carries it (its follow-up evidence joins the RCA's evidence where
 * a claim or critique cites it) and is in mode "model" when a cited narrative was accepted; without
 * one, the document is exactly the deterministic one.
 */
export function buildRca(
  state: InvestigationStateValue,
  policy: MitigationPolicy,
  createdAt: Date,
): RcaDocument {
  const scope = state.scope;
  const findings = state.results.flatMap((result) => result.findings);
  const reasoning = state.reasoning;
  const evidence = uniqueEvidence([
    ...state.results.flatMap((result) => result.evidence),
    ...(reasoning?.evidence ?? []),
  ]);
  const gaps: InvestigationGap[] = [...state.triageGaps, ...state.results.flatMap((result) => result.gaps)];
  const [top = null, ...rest] = state.hypotheses;
  const alternatives = rest.slice(0, ALTERNATIVES);

  const mitigation = proposeMitigation(top, {
    workloads: scope?.workloads ?? {},
    namespace: scope?.namespace ?? null,
    changeKinds: changeKinds(findings),
    runbooks: state.runbooks,
    nodes: [...new Set(Object.values(scope?.podNodes ?? {}))],
    policy,
  });
  const runbook =
    state.runbooks.find((candidate) => top && candidate.kinds.includes(top.kind)) ?? state.runbooks[0];

  return {
    incidentId: state.incidentId,
    mode:
      reasoning && reasoning.fellBack === undefined && reasoning.claims.length > 0
        ? "model"
        : "deterministic",
    summary: summarize(top, alternatives, gaps, scope?.focus ?? null),
    window: {
      start: isoSeconds(scope?.window.start ?? state.now),
      end: isoSeconds(scope?.window.end ?? state.now),
      onset: top?.onset !== undefined ? isoSeconds(top.onset) : null,
    },
    services: scope?.services ?? [],
    top,
    alternatives,
    ruledOut: state.ruledOut,
    gaps,
    findings,
    evidence: citedFirst(
      evidence,
      [top, ...alternatives],
      [...findings, ...state.ruledOut, ...(reasoning?.claims ?? []), ...(reasoning?.critique ?? [])],
    ),
    mitigation,
    runbook: runbook ? { id: runbook.id, title: runbook.title } : null,
    ...(reasoning ? { reasoning: withoutEvidence(reasoning) } : {}),
    createdAt: createdAt.toISOString(),
  };
}

function summarize(
  top: Hypothesis | null,
  alternatives: Hypothesis[],
  gaps: InvestigationGap[],
  focus: string | null,
): string {
  if (!top) {
    return `No cause could be established for the alert on ${focus ?? "the affected service"}; see the gaps and evidence.`;
  }
  const chain = top.causalChain.length > 1 ? ` (${top.causalChain.join(" → ")})` : "";
  const next = alternatives[0];
  const alternative = next
    ? ` Next most likely: ${next.kind} at ${next.service} (${next.confidence.toFixed(2)}).`
    : "";
  const missing = gaps.length > 0 ? ` ${gaps.length} source(s) could not be read.` : "";
  return `Most likely ${top.kind} at ${top.service}${chain}, confidence ${top.confidence.toFixed(2)}: ${top.explanation}${alternative}${missing}`;
}

function changeKinds(findings: Finding[]): Record<string, string> {
  const kinds: Record<string, string> = {};
  for (const finding of findings) {
    const changeKind = CHANGE_KIND_OF_CAUSE[finding.kind];
    if (finding.changeId && changeKind) kinds[finding.changeId] = changeKind;
  }
  return kinds;
}

function uniqueEvidence(evidence: Evidence[]): Evidence[] {
  const byId = new Map<string, Evidence>();
  for (const item of evidence) if (!byId.has(item.id)) byId.set(item.id, item);
  return [...byId.values()];
}

/** Evidence the hypotheses cite comes first, so a reader sees what matters before the rest. */
function citedFirst(
  evidence: Evidence[],
  hypotheses: Array<Hypothesis | null>,
  citing: Array<{ evidenceIds: string[] }>,
): Evidence[] {
  const cited = new Set(hypotheses.flatMap((hypothesis) => hypothesis?.evidenceIds ?? []));
  const used = new Set([...cited, ...citing.flatMap((item) => item.evidenceIds)]);
  return [
    ...evidence.filter((item) => cited.has(item.id)),
    ...evidence.filter((item) => !cited.has(item.id) && used.has(item.id)),
  ];
}

/** The follow-up evidence lives in `rca.evidence` (the cited items); no second copy in the reasoning. */
function withoutEvidence(reasoning: ModelReasoning): ModelReasoning {
  const { evidence: _evidence, ...rest } = reasoning;
  return rest;
}

function isoSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
