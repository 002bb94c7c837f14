import { describe, expect, it } from "vitest";
import type { Hypothesis } from "../../../src/domain/rca.ts";
import { DEFAULT_MITIGATION_POLICY } from "../../../src/mitigation/mitigation-policy.ts";
import { type ProposalContext, proposeMitigation } from "../../../src/mitigation/propose-mitigation.ts";

const hypothesis = (overrides: Partial<Hypothesis>): Hypothesis => ({
  service: "checkout",
  kind: "bad-deploy",
  confidence: 0.9,
  evidenceIds: ["ev-1"],
  explanation: "errors began 80 s after the deploy",
  causalChain: ["checkout"],
  ...overrides,
});

const context = (overrides: Partial<ProposalContext> = {}): ProposalContext => ({
  workloads: {
    checkout: { kind: "Deployment", namespace: "shop" },
    "orders-db": { kind: "StatefulSet", namespace: "shop" },
  },
  namespace: "shop",
  changeKinds: { "deploy-1": "deploy", "config-1": "config" },
  runbooks: [],
  nodes: ["ip-10-0-1-7"],
  policy: DEFAULT_MITIGATION_POLICY,
  ...overrides,
});

describe("proposeMitigation", () => {
  it("rolls back the workload whose deploy caused the incident, citing the hypothesis' evidence", () => {
    const proposal = proposeMitigation(hypothesis({ changeId: "deploy-1" }), context());
    expect(proposal).toMatchObject({
      action: "rollback",
      target: { kind: "Deployment", namespace: "shop", name: "checkout" },
      evidenceIds: ["ev-1"],
    });
    expect(proposal.reverse).toMatch(/roll forward/);
  });

  it("targets the workload kind the cluster reports (a StatefulSet, not a Deployment)", () => {
    const proposal = proposeMitigation(hypothesis({ service: "orders-db", kind: "memory-leak" }), context());
    expect(proposal).toMatchObject({ action: "restart", target: { kind: "StatefulSet", name: "orders-db" } });
  });

  it("disables the flag by its key, and proposes nothing when the key is unknown", () => {
    expect(
      proposeMitigation(hypothesis({ kind: "feature-flag", subject: "new-pricing" }), context()),
    ).toMatchObject({
      action: "disable-flag",
      target: { kind: "FeatureFlag", name: "new-pricing" },
    });
    expect(proposeMitigation(hypothesis({ kind: "feature-flag" }), context()).action).toBe("none");
  });

  it("only rolls back a crash loop that followed a deploy", () => {
    expect(
      proposeMitigation(hypothesis({ kind: "crash-loop", changeId: "deploy-1" }), context()).action,
    ).toBe("rollback");
    expect(proposeMitigation(hypothesis({ kind: "crash-loop" }), context()).action).toBe("none");
  });

  it("cordons a failing node and never aims a workload action at a node", () => {
    expect(
      proposeMitigation(
        hypothesis({ service: "ip-10-0-1-7", kind: "node-failure", subject: "ip-10-0-1-7" }),
        context(),
      ),
    ).toMatchObject({ action: "cordon-node", target: { kind: "Node", name: "ip-10-0-1-7" } });
    const onNode = proposeMitigation(hypothesis({ service: "ip-10-0-1-7", kind: "oom-kill" }), context());
    expect(onNode.action).toBe("none");
  });

  it("proposes nothing for causes outside the workload and below the confidence floor", () => {
    expect(proposeMitigation(hypothesis({ kind: "certificate-expiry" }), context()).action).toBe("none");
    const unsure = proposeMitigation(hypothesis({ changeId: "deploy-1", confidence: 0.1 }), context());
    expect(unsure.action).toBe("none");
    expect(unsure.why).toMatch(/below the policy minimum/);
  });

  it("refuses actions the policy forbids, keeping what was refused and why", () => {
    const proposal = proposeMitigation(
      hypothesis({ changeId: "deploy-1" }),
      context({ policy: { ...DEFAULT_MITIGATION_POLICY, forbiddenNamespaces: ["shop"] } }),
    );
    expect(proposal.action).toBe("none");
    expect(proposal.refused).toMatchObject({
      action: "rollback",
      reason: "policy forbids actions in namespace shop",
    });
  });

  it("refuses an action that every runbook about this kind of fault leaves out", () => {
    const proposal = proposeMitigation(
      hypothesis({ changeId: "deploy-1" }),
      context({ runbooks: [{ id: "bad-deploy-rollback", kinds: ["bad-deploy"], mitigations: ["restart"] }] }),
    );
    expect(proposal.refused?.reason).toMatch(/runbook bad-deploy-rollback does not allow rollback/);
  });
});
