import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MitigationState } from "../../src/domain/mitigation-plan.ts";
import type { RcaDocument } from "../../src/domain/rca.ts";
import { createMitigationExecutor } from "../../src/mitigation/create-mitigation-executor.ts";
import { DEFAULT_MITIGATION_POLICY } from "../../src/mitigation/mitigation-policy.ts";
import { planMitigation } from "../../src/mitigation/plan-mitigation.ts";
import type { IncidentNotifier } from "../../src/ports/incident-notifier.ts";
import type { MetricsSource } from "../../src/ports/metrics-source.ts";
import { createMitigationStore } from "../../src/store/create-mitigation-store.ts";
import { createInMemoryCluster, type InMemoryCluster } from "../support/in-memory-cluster.ts";
import { createTestDatabase, type TestDatabase } from "../support/postgres.ts";
import {
  hypothesis,
  NOW,
  planPorts,
  shopObjects,
  withoutVersion,
} from "../unit/mitigation/cluster-fixtures.ts";

const SIGNAL = {
  query: "error_ratio",
  comparator: ">" as const,
  threshold: 0.05,
  origin: "alert" as const,
  description: "error ratio",
};

function recordingNotifier() {
  const changes: Array<{ incidentId: string; state: MitigationState; by: string | undefined }> = [];
  const notifier: IncidentNotifier = {
    investigationStarted: async () => undefined,
    rcaReady: async () => undefined,
    progress: async () => undefined,
    mitigationChanged: async (incidentId, state, by) => {
      changes.push({ incidentId, state, by });
    },
  };
  return { notifier, changes };
}

const flatMetric = (value: number): MetricsSource => ({
  queryRange: async (_query, range) => [{ metric: {}, values: [[range.end, value]] }],
  series: async () => [],
});

describe("the mitigation executor on Postgres", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  async function openIncident(): Promise<string> {
    const id = randomUUID();
    await database.db
      .insertInto("incidents")
      .values({
        id,
        source: "alertmanager",
        group_key: `g-${id}`,
        external_id: null,
        status: "open",
        title: "t",
        severity: "critical",
      })
      .execute();
    return id;
  }

  /** A rollback plan for checkout, stored awaiting approval, and an executor over the cluster. */
  async function awaitingApproval(cluster: InMemoryCluster) {
    const incidentId = await openIncident();
    const rca = {
      incidentId,
      window: { start: "2024-09-17T18:00:00Z", end: NOW.toISOString(), onset: null },
      top: hypothesis(),
      mitigation: {
        action: "rollback",
        target: { kind: "Deployment", namespace: "shop", name: "checkout" },
        why: "",
        reverse: "",
        risk: "medium",
        evidenceIds: [],
      },
    } as unknown as RcaDocument;
    const outcome = await planMitigation(
      {
        rca,
        policy: { ...DEFAULT_MITIGATION_POLICY, mode: "approve" },
        canExecute: () => true,
        signal: SIGNAL,
        now: NOW,
      },
      planPorts(cluster),
    );
    if (outcome.kind !== "planned") throw new Error(`not planned: ${JSON.stringify(outcome)}`);
    const store = createMitigationStore(database.db);
    await store.savePlan({
      plan: outcome.plan,
      record: outcome.record,
      signal: SIGNAL,
      state: "awaiting-approval",
    });
    const recording = recordingNotifier();
    const executor = () =>
      createMitigationExecutor({
        store,
        cluster: cluster.cluster,
        writer: cluster.cluster,
        notifier: recording.notifier,
        clock: { now: () => NOW },
        sleep: async () => undefined,
        verify: { windowSeconds: 60, intervalSeconds: 30 },
      });
    return { incidentId, plan: outcome.plan, store, executor, changes: recording.changes };
  }

  const approve = (incidentId: string, planId: string) => ({
    incidentId,
    planId,
    approved: true,
    by: ["U0APPROVER"],
    at: NOW.toISOString(),
  });

  it("applies once when two workers race for the same approved plan", async () => {
    const cluster = createInMemoryCluster(shopObjects());
    const { incidentId, plan, executor, store } = await awaitingApproval(cluster);
    await executor().decide(approve(incidentId, plan.id));

    const results = await Promise.all([
      executor().apply(plan.id, "worker-1"),
      executor().apply(plan.id, "worker-2"),
    ]);

    expect(results.filter((result) => result.ran)).toHaveLength(1);
    expect(cluster.patches).toHaveLength(1);
    expect((await store.plan(plan.id))?.state).toBe("applied");
    const rows = await database.db
      .selectFrom("mitigation_executions")
      .selectAll()
      .where("plan_id", "=", plan.id)
      .execute();
    expect(rows.map((row) => [row.step, row.outcome])).toEqual([["apply", "applied"]]);
  });

  it("answers a second decision with nothing, and never applies a plan nobody approved", async () => {
    const cluster = createInMemoryCluster(shopObjects());
    const { incidentId, plan, executor } = await awaitingApproval(cluster);
    expect((await executor().apply(plan.id)).ran).toBe(false);
    expect(
      await executor().decide({ ...approve(incidentId, plan.id), approved: false, by: ["U1"] }),
    ).toMatchObject({ state: "rejected", ran: true });
    expect(await executor().decide(approve(incidentId, plan.id))).toMatchObject({
      state: "rejected",
      ran: false,
    });
    expect((await executor().apply(plan.id)).ran).toBe(false);
    expect(cluster.patches).toHaveLength(0);
  });

  it("fails safely, applying nothing, when the Deployment changed at the same moment (409)", async () => {
    const cluster = createInMemoryCluster(shopObjects());
    const { incidentId, plan, executor, store } = await awaitingApproval(cluster);
    await executor().decide(approve(incidentId, plan.id));
    cluster.conflictOnce("Deployment", "shop", "checkout");

    const result = await executor().apply(plan.id);

    expect(result).toMatchObject({ state: "failed", ran: true });
    expect(result.detail).toMatch(/^changed since planned — nothing applied: /);
    expect(
      (
        cluster.object("Deployment", "shop", "checkout")!.spec!.template as {
          spec: { containers: Array<{ image: string }> };
        }
      ).spec.containers[0]?.image,
    ).toBe("checkout:2.41.0");
    const status = await store.mitigationOf(incidentId);
    expect(status).toMatchObject({ state: "failed", detail: result.detail });
    expect(await executor().undo(incidentId, "U1")).toMatchObject({ ok: false, reason: "nothing-to-undo" });
  });

  it("offers the undo when the signal does not recover, and the undo restores the Deployment once", async () => {
    const cluster = createInMemoryCluster(shopObjects());
    const original = withoutVersion(cluster.object("Deployment", "shop", "checkout"));
    const { incidentId, plan, executor, store, changes } = await awaitingApproval(cluster);
    await executor().decide(approve(incidentId, plan.id));
    await executor().apply(plan.id);

    const verified = await executor().verify(plan.id, flatMetric(0.3));

    expect(verified).toMatchObject({ state: "not-recovered", ran: true });
    expect(verified.detail).toMatch(/is still 0\.3 .*; undo is offered$/);
    const undos = await Promise.all([
      executor().undo(incidentId, "U0UNDO"),
      executor().undo(incidentId, "U0UNDO2"),
    ]);
    expect(undos.filter((undo) => undo.ok)).toHaveLength(1);
    expect(undos.find((undo) => !undo.ok)).toMatchObject({ reason: "already-undone" });
    expect(withoutVersion(cluster.object("Deployment", "shop", "checkout"))).toEqual(original);
    expect(await executor().undo(incidentId, "U0UNDO")).toMatchObject({
      ok: false,
      reason: "already-undone",
    });

    const status = await store.mitigationOf(incidentId);
    expect(status?.state).toBe("undone");
    expect(status?.approvals).toEqual([{ by: "U0APPROVER", at: NOW.toISOString() }]);
    expect(status?.history.map((entry) => entry.state)).toEqual([
      "awaiting-approval",
      "approved",
      "applying",
      "applied",
      "not-recovered",
      "undone",
    ]);
    expect(changes.map((change) => change.state)).toEqual([
      "approved",
      "applying",
      "applied",
      "not-recovered",
      "undone",
    ]);
    const audit = await database.db
      .selectFrom("audit_events")
      .select(["type", "actor", "data"])
      .where("incident_id", "=", incidentId)
      .orderBy("id")
      .execute();
    expect(audit.map((event) => event.type)).toEqual([
      "mitigation.planned",
      "mitigation.approved",
      "mitigation.applying",
      "mitigation.applied",
      "mitigation.not-recovered",
      "mitigation.undone",
    ]);
    const applied = audit.find((event) => event.type === "mitigation.applied");
    expect(applied?.actor).toBe("vigil");
    expect(applied?.data).toMatchObject({
      planId: plan.id,
      before: [expect.objectContaining({ object: "Deployment shop/checkout" })],
    });
    expect(audit.find((event) => event.type === "mitigation.approved")?.actor).toBe("U0APPROVER");
    expect(audit.find((event) => event.type === "mitigation.undone")?.actor).toMatch(/^U0UNDO2?$/);
  });

  it("verifies a recovered signal and refuses an undo of what someone changed since, leaving it retryable", async () => {
    const cluster = createInMemoryCluster(shopObjects());
    const { incidentId, plan, executor, store } = await awaitingApproval(cluster);
    await executor().decide(approve(incidentId, plan.id));
    await executor().apply(plan.id);
    expect(await executor().verify(plan.id, flatMetric(0.01))).toMatchObject({ state: "verified" });
    cluster.change("Deployment", "shop", "checkout", {
      spec: { template: { spec: { containers: [{ name: "checkout", image: "checkout:2.42.0" }] } } },
    });

    const undo = await executor().undo(incidentId, "U1");

    expect(undo).toMatchObject({ ok: false, reason: "refused" });
    expect(undo.ok ? "" : undo.message).toMatch(/^changed since applied — nothing undone/);
    expect((await store.plan(plan.id))?.state).toBe("verified");
    const claims = await database.db
      .selectFrom("mitigation_executions")
      .select("step")
      .where("plan_id", "=", plan.id)
      .execute();
    expect(claims.map((claim) => claim.step).sort()).toEqual(["apply", "verify"]);
  });

  it("supersedes an older open plan when a new one is stored for the incident", async () => {
    const cluster = createInMemoryCluster(shopObjects());
    const { incidentId, plan, store } = await awaitingApproval(cluster);
    const newer = { ...plan, id: `${plan.id}-2`, createdAt: new Date(NOW.getTime() + 1000).toISOString() };
    expect(
      await store.savePlan({ plan: newer, record: null, signal: null, state: "awaiting-approval" }),
    ).toBe(true);
    expect(
      await store.savePlan({ plan: newer, record: null, signal: null, state: "awaiting-approval" }),
    ).toBe(false);
    expect((await store.plan(plan.id))?.state).toBe("superseded");
    expect((await store.mitigationOf(incidentId))?.plan.id).toBe(newer.id);
  });
});
