import type { Evidence } from "../../../src/domain/evidence.ts";
import type { RcaDocument } from "../../../src/domain/rca.ts";

/** A small, grounded RCA: a bad deploy of checkout, cited by metrics, logs and the change itself. */
export function groundedRca(): RcaDocument {
  const evidence: Evidence[] = [
    {
      id: "ev-metr-errors",
      source: "metrics",
      query: 'sum(rate(http_requests_total{service="checkout",code=~"5.."}[1m]))',
      range: { start: "2024-05-01T09:50:00Z", end: "2024-05-01T10:10:00Z" },
      summary: "checkout 5xx rate rose from 0 to 12/s at 10:01",
      data: [
        {
          metric: { service: "checkout" },
          values: [
            [1714557600, 0],
            [1714557660, 0.5],
            [1714557720, 12],
          ],
        },
      ],
    },
    {
      id: "ev-logs-panic",
      source: "logs",
      query: '{service="checkout"} |= "panic"',
      range: { start: "2024-05-01T09:50:00Z", end: "2024-05-01T10:10:00Z" },
      summary: "new log template: panic: nil pointer",
      data: [
        {
          stream: { service: "checkout", level: "error" },
          values: [
            [
              "1714557661000000000",
              "panic: runtime error: invalid memory address or nil pointer dereference",
            ],
          ],
        },
      ],
    },
    {
      id: "ev-chan-deploy",
      source: "changes",
      query: "changes(service=checkout)",
      range: { start: "2024-05-01T08:10:00Z", end: "2024-05-01T10:10:00Z" },
      summary: "deploy checkout v41 -> v42 at 10:00",
      data: { id: "chg-42", kind: "deploy", service: "checkout", from: "v41", to: "v42" },
    },
  ];
  return {
    incidentId: "inc-1",
    mode: "deterministic",
    summary: "checkout started failing one minute after deploy v42.",
    window: { start: "2024-05-01T09:50:00Z", end: "2024-05-01T10:10:00Z", onset: "2024-05-01T10:01:00Z" },
    services: ["checkout", "payments"],
    top: {
      service: "checkout",
      kind: "bad-deploy",
      confidence: 0.87,
      evidenceIds: ["ev-chan-deploy", "ev-metr-errors"],
      explanation: "Errors began right after deploy v42 and come from checkout itself.",
      causalChain: ["checkout", "frontend"],
      changeId: "chg-42",
    },
    alternatives: [
      {
        service: "payments",
        kind: "dependency-failure",
        confidence: 0.21,
        evidenceIds: ["ev-metr-errors"],
        explanation: "payments is called by checkout.",
        causalChain: ["payments", "checkout"],
      },
    ],
    ruledOut: [
      {
        service: "payments",
        kind: "bad-deploy",
        reason: "No change to payments in the window.",
        evidenceIds: [],
      },
    ],
    gaps: [
      {
        investigator: "infra",
        source: "kubernetes",
        reason: "timeout",
        message: "list pods timed out after 20s",
      },
    ],
    findings: [
      {
        investigator: "changes",
        service: "checkout",
        kind: "bad-deploy",
        score: 0.9,
        onset: 1714557660,
        signal: "deploy",
        summary: "deploy 60 s before onset",
        evidenceIds: ["ev-chan-deploy"],
        changeId: "chg-42",
      },
    ],
    evidence,
    mitigation: {
      action: "rollback",
      target: { kind: "Deployment", namespace: "shop", name: "checkout" },
      why: "Roll back the deploy that started the errors.",
      reverse: "Roll forward to v42.",
      risk: "low",
      evidenceIds: ["ev-chan-deploy"],
    },
    runbook: { id: "bad-deploy-rollback", title: "Bad deploy, config change or flag — roll back" },
    createdAt: "2024-05-01T10:10:05Z",
  };
}
