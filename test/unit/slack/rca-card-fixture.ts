import type { MitigationStatus } from "../../../src/domain/mitigation-plan.ts";
import type { RcaDocument } from "../../../src/domain/rca.ts";
import { groundedRca } from "../domain/rca-fixture.ts";

export const INCIDENT_ID = "0b7d8a52-3f44-4a8e-9a53-6a2f7f0d1c11";

/** The domain fixture's RCA, with a proposed rollback and a timestamped change, for this incident. */
export function cardRca(): RcaDocument {
  const rca = groundedRca();
  return {
    ...rca,
    incidentId: INCIDENT_ID,
    evidence: rca.evidence.map((item) =>
      item.source === "changes"
        ? { ...item, data: { ...(item.data as object), at: "2024-05-01T10:00:00Z" } }
        : item,
    ),
    mitigation: {
      action: "rollback",
      target: { kind: "Deployment", namespace: "shop", name: "checkout" },
      why: "roll back the bad deploy",
      reverse: "deploy v42 again",
      risk: "medium",
      evidenceIds: ["ev-chan-deploy"],
    },
  };
}

export function awaitingStatus(overrides: Partial<MitigationStatus["plan"]> = {}): MitigationStatus {
  return {
    plan: {
      id: "plan-1",
      incidentId: INCIDENT_ID,
      action: "rollback",
      target: { kind: "Deployment", namespace: "shop", name: "checkout" },
      risk: "medium",
      mode: "approve",
      summary: "Roll back Deployment shop/checkout from revision 7 to revision 6",
      diff: "- image: registry/checkout:v42\n+ image: registry/checkout:v41",
      changes: [{ path: "$.spec.template.spec.containers[0].image", before: "v42", after: "v41" }],
      preconditions: [{ description: "revision 6 exists", ok: true }],
      requiredApprovals: 1,
      createdAt: "2024-05-01T10:06:00Z",
      ...overrides,
    },
    state: "awaiting-approval",
    approvals: [],
    history: [{ state: "awaiting-approval", at: "2024-05-01T10:06:00Z" }],
  };
}
