import { describe, expect, it } from "vitest";
import type { MitigationProposal, RcaDocument } from "../../../src/domain/rca.ts";
import {
  DEFAULT_MITIGATION_POLICY,
  type MitigationPolicy,
} from "../../../src/mitigation/mitigation-policy.ts";
import { planMitigation } from "../../../src/mitigation/plan-mitigation.ts";
import type { FailoverPort } from "../../../src/ports/failover.ts";
import { createInMemoryCluster } from "../../support/in-memory-cluster.ts";
import { hypothesis, NOW, planPorts, shopObjects } from "./cluster-fixtures.ts";

function rcaProposing(proposal: Partial<MitigationProposal>): RcaDocument {
  return {
    incidentId: "00000000-0000-4000-8000-000000000001",
    mode: "deterministic",
    summary: "",
    window: { start: "2024-09-17T18:00:00Z", end: NOW.toISOString(), onset: null },
    services: ["checkout"],
    top: hypothesis({ changeId: "deploy-7" }),
    alternatives: [],
    ruledOut: [],
    gaps: [],
    findings: [],
    evidence: [],
    mitigation: {
      action: "rollback",
      target: { kind: "Deployment", namespace: "shop", name: "checkout" },
      why: "roll back",
      reverse: "roll forward",
      risk: "medium",
      evidenceIds: [],
      ...proposal,
    },
    runbook: null,
    createdAt: NOW.toISOString(),
  };
}

async function plan(
  rca: RcaDocument,
  policy: MitigationPolicy = DEFAULT_MITIGATION_POLICY,
  options: { canExecute?: boolean; now?: Date; failover?: FailoverPort } = {},
) {
  const cluster = createInMemoryCluster(shopObjects());
  return await planMitigation(
    { rca, policy, canExecute: () => options.canExecute ?? true, signal: null, now: options.now ?? NOW },
    planPorts(cluster, options.failover ? { failover: options.failover } : {}),
  );
}

const standby: FailoverPort = {
  status: async () => ({ active: "primary", version: "1", primary: "eu-west-1", standby: "eu-central-1" }),
  switchTo: async () => ({ active: "standby", version: "2" }),
};

describe("planMitigation", () => {
  it("plans only (dry-run) by default, with the diff the approver sees", async () => {
    const outcome = await plan(rcaProposing({}));
    expect(outcome.kind).toBe("planned");
    if (outcome.kind !== "planned") return;
    expect(outcome.plan).toMatchObject({
      action: "rollback",
      mode: "dry-run",
      requiredApprovals: 0,
      risk: "medium",
    });
    expect(outcome.plan.summary).toBe(
      "Roll back Deployment shop/checkout from revision 7 to revision 6 (checkout:2.41.0 → checkout:2.40.3)",
    );
    expect(outcome.plan.diff).toContain(
      '- Deployment shop/checkout: spec.template.spec.containers[0].image: "checkout:2.41.0"\n+ Deployment shop/checkout: spec.template.spec.containers[0].image: "checkout:2.40.3"',
    );
  });

  it("asks one approver for medium risk and two for high risk in approve mode", async () => {
    const approve = { ...DEFAULT_MITIGATION_POLICY, mode: "approve" as const };
    const medium = await plan(rcaProposing({}), approve);
    expect(medium.kind === "planned" && medium.plan).toMatchObject({ mode: "approve", requiredApprovals: 1 });
    const high = await plan(rcaProposing({ action: "failover", risk: "high" }), approve, {
      failover: standby,
    });
    expect(high.kind === "planned" && high.plan).toMatchObject({
      mode: "approve",
      requiredApprovals: 2,
      risk: "high",
    });
  });

  it("applies automatically only the policy's listed low-risk actions", async () => {
    const auto: MitigationPolicy = {
      ...DEFAULT_MITIGATION_POLICY,
      mode: "auto",
      autoActions: ["restart", "rollback"],
    };
    const restart = await plan(rcaProposing({ action: "restart", risk: "low" }), auto);
    expect(restart.kind === "planned" && restart.plan).toMatchObject({ mode: "auto", requiredApprovals: 0 });
    const rollback = await plan(rcaProposing({}), auto);
    expect(rollback.kind === "planned" && rollback.plan).toMatchObject({
      mode: "approve",
      requiredApprovals: 1,
    });
  });

  it("is a dry run whatever the policy says when this process cannot execute the action", async () => {
    const outcome = await plan(
      rcaProposing({}),
      { ...DEFAULT_MITIGATION_POLICY, mode: "approve" },
      { canExecute: false },
    );
    expect(outcome.kind === "planned" && outcome.plan.mode).toBe("dry-run");
  });

  it("refuses a target in a forbidden namespace, with the reason, before reading anything", async () => {
    const outcome = await plan(
      rcaProposing({ target: { kind: "Deployment", namespace: "kube-system", name: "coredns" } }),
    );
    expect(outcome).toMatchObject({
      kind: "refused",
      reason: "policy forbids actions in namespace kube-system",
    });
    expect(outcome.kind === "refused" && outcome.plan).toMatchObject({
      mode: "dry-run",
      changes: [],
      requiredApprovals: 0,
    });
  });

  it("refuses what a namespace or service rule does not allow; the most specific rule wins", async () => {
    const policy: MitigationPolicy = {
      ...DEFAULT_MITIGATION_POLICY,
      rules: [
        { namespace: "shop", actions: ["restart", "scale-out"] },
        { namespace: "shop", service: "checkout", actions: ["rollback"] },
      ],
    };
    expect((await plan(rcaProposing({}), policy)).kind).toBe("planned");
    const restart = await plan(rcaProposing({ action: "restart" }), policy);
    expect(restart).toMatchObject({
      kind: "refused",
      reason: "policy does not allow restart in shop/checkout (allowed: rollback)",
    });
  });

  it("keeps the RCA's policy refusal as a refused plan, and plans nothing for no action", async () => {
    const refused = await plan(
      rcaProposing({
        action: "none",
        refused: {
          action: "rollback",
          target: { kind: "Deployment", namespace: "shop", name: "checkout" },
          reason: "policy does not allow rollback",
        },
      }),
    );
    expect(refused).toMatchObject({ kind: "refused", reason: "policy does not allow rollback" });
    expect(await plan(rcaProposing({ action: "none", target: undefined }))).toEqual({ kind: "none" });
  });

  it("stores a plan that cannot be made as refused with the failing precondition, never throwing", async () => {
    const outcome = await plan(
      rcaProposing({ target: { kind: "Deployment", namespace: "shop", name: "ghost" } }),
    );
    expect(outcome).toMatchObject({ kind: "refused" });
    expect(outcome.kind === "refused" && outcome.reason).toMatch(/Deployment shop\/ghost exists: no/);
  });

  it("gives the same plan the same id when planned again later, and a new id when the state changed", async () => {
    const restart = rcaProposing({ action: "restart", risk: "low" });
    const first = await plan(restart);
    const later = await plan(restart, DEFAULT_MITIGATION_POLICY, { now: new Date(NOW.getTime() + 60_000) });
    expect(first.kind === "planned" && later.kind === "planned" && first.plan.id === later.plan.id).toBe(
      true,
    );
    const other = await plan(rcaProposing({}));
    expect(first.kind === "planned" && other.kind === "planned" && first.plan.id !== other.plan.id).toBe(
      true,
    );
  });
});
