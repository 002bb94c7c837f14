import type { Evidence } from "../../../src/domain/evidence.ts";
import type { Hypothesis, MitigationProposal, RcaDocument } from "../../../src/domain/rca.ts";
import type { RootCauseKind } from "../../../src/domain/root-cause.ts";
import type { ExpectedOutcome } from "../../../src/eval/score-case.ts";

/** Hand-built RCAs for scorer tests: fixed inputs, so every expected figure is worked out by hand. */
export function evidence(id: string): Evidence {
  return {
    id,
    source: "metrics",
    query: "sum(rate(http_requests_total[5m]))",
    range: { start: "2024-05-01T11:30:00Z", end: "2024-05-01T12:00:00Z" },
    summary: id,
    data: [],
  };
}

export function hypothesis(
  service: string,
  kind: RootCauseKind,
  confidence: number,
  evidenceIds = ["e1"],
): Hypothesis {
  return {
    service,
    kind,
    confidence,
    evidenceIds,
    explanation: `${service} ${kind}`,
    causalChain: [service],
  };
}

export function rcaDocument(input: {
  hypotheses: Hypothesis[];
  mitigation?: Partial<MitigationProposal>;
  evidenceIds?: string[];
  findings?: RcaDocument["findings"];
}): RcaDocument {
  const [top, ...alternatives] = input.hypotheses;
  return {
    incidentId: "incident-1",
    mode: "deterministic",
    summary: "fixture",
    window: { start: "2024-05-01T11:30:00Z", end: "2024-05-01T12:00:00Z", onset: null },
    services: input.hypotheses.map((h) => h.service),
    top: top ?? null,
    alternatives,
    ruledOut: [],
    gaps: [],
    findings: input.findings ?? [],
    evidence: (input.evidenceIds ?? ["e1", "e2"]).map(evidence),
    mitigation: {
      action: "none",
      why: "fixture",
      reverse: "nothing to undo",
      risk: "low",
      evidenceIds: ["e1"],
      ...input.mitigation,
    },
    runbook: null,
    createdAt: "2024-05-01T12:00:05Z",
  };
}

export const checkoutDeploy: ExpectedOutcome = {
  rootCause: { service: "checkout", kind: "bad-deploy", change: "deploy-1" },
  acceptable: [{ service: "checkout", kind: "config-change" }],
  mitigation: { action: "rollback", target: { kind: "Deployment", namespace: "shop", name: "checkout" } },
  forbidden: [{ action: "rollback", target: { kind: "Deployment", namespace: "shop", name: "cart" } }],
};
