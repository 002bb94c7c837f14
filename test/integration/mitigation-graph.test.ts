import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReplaySources } from "../../integrations/replay/create-replay-sources.ts";
import { loadReplayCase, type ReplayCase } from "../../integrations/replay/load-replay-case.ts";
import { createInvestigation } from "../../src/agent/create-investigation.ts";
import { loadRunbooks } from "../../src/agent/runbooks/load-runbooks.ts";
import type { RcaDocument } from "../../src/domain/rca.ts";
import { DEFAULT_MITIGATION_POLICY, type MitigationPolicy } from "../../src/mitigation/mitigation-policy.ts";
import type { KubernetesObject } from "../../src/ports/cluster-reader.ts";
import type { ClusterWriter } from "../../src/ports/cluster-writer.ts";
import type { IncidentNotifier } from "../../src/ports/incident-notifier.ts";
import { createCheckpointer } from "../../src/store/create-checkpointer.ts";
import { createIncidentQueries } from "../../src/store/create-incident-queries.ts";
import { createInvestigationRepository } from "../../src/store/create-investigation-repository.ts";
import { createMitigationStore } from "../../src/store/create-mitigation-store.ts";
import { type OpenedDatabase, openDatabase } from "../../src/store/open-database.ts";
import { createInMemoryCluster, type InMemoryCluster } from "../support/in-memory-cluster.ts";
import { RUNBOOKS, storeIncidentFromCase } from "../support/investigation-fixture.ts";
import { createTestDatabase, type TestDatabase } from "../support/postgres.ts";

const cases = new URL("../../evals/cases/", import.meta.url).pathname;

describe("the investigation graph after the RCA: plan, approval, apply, verify", () => {
  let database: TestDatabase;
  let opened: OpenedDatabase;
  let badDeploy: ReplayCase;
  let memoryLeak: ReplayCase;

  beforeAll(async () => {
    database = await createTestDatabase();
    opened = openDatabase({ url: database.url, poolSize: 8 });
    await createCheckpointer(opened.pool);
    badDeploy = await loadReplayCase(`${cases}shop-checkout-bad-deploy.json`);
    memoryLeak = await loadReplayCase(`${cases}shop-cart-memory-leak.json`);
  });
  afterAll(async () => {
    await opened.close();
    await database.close();
  });

  /** One worker's investigation over a case, reading and writing the given in-memory cluster. */
  async function worker(
    replayCase: ReplayCase,
    cluster: InMemoryCluster,
    policy: MitigationPolicy,
    notifier?: IncidentNotifier,
    options: { writer?: ClusterWriter; staleStepSeconds?: number } = {},
  ) {
    let now = Date.parse(replayCase.now);
    const clock = { now: () => new Date(now) };
    const sources = { ...createReplaySources(replayCase), cluster: cluster.cluster };
    return createInvestigation({
      repository: createInvestigationRepository(opened.db),
      checkpointer: await createCheckpointer(opened.pool, { setup: false }),
      contextFor: () => ({ sources, clock }),
      runbooks: await loadRunbooks(RUNBOOKS),
      policy: { ...policy, verify: { windowSeconds: 120, intervalSeconds: 30 } },
      clock,
      deadlineMs: 30_000,
      ...(notifier ? { notifier } : {}),
      mitigation: {
        store: createMitigationStore(opened.db),
        cluster: cluster.cluster,
        writer: options.writer ?? cluster.cluster,
        sleep: async (ms) => {
          now += ms;
        },
        ...(options.staleStepSeconds === undefined ? {} : { staleStepSeconds: options.staleStepSeconds }),
      },
    });
  }
  const clusterOf = (replayCase: ReplayCase) =>
    createInMemoryCluster((replayCase.sources.kubernetes ?? []) as KubernetesObject[]);
  const approve = { ...DEFAULT_MITIGATION_POLICY, mode: "approve" as const };

  it("plans and stops in dry-run, the default: nothing waits and nothing is applied", async () => {
    const cluster = clusterOf(badDeploy);
    const told: string[] = [];
    const notifier: IncidentNotifier = {
      investigationStarted: async () => void told.push("started"),
      rcaReady: async () => void told.push("rca"),
      progress: async () => undefined,
      mitigationChanged: async (_id, state) => void told.push(state),
    };
    const incidentId = await storeIncidentFromCase(opened.db, badDeploy);
    const investigation = await worker(badDeploy, cluster, DEFAULT_MITIGATION_POLICY, notifier);

    expect(await investigation.investigate(incidentId)).toBe("finished");

    const status = await investigation.mitigationOf(incidentId);
    expect(status).toMatchObject({
      state: "planned",
      plan: { action: "rollback", mode: "dry-run", requiredApprovals: 0 },
    });
    expect(cluster.patches).toHaveLength(0);
    expect(told).toEqual(["started", "rca"]);
  });

  it("refuses a proposal in a forbidden namespace: the RCA says why, the refused plan is stored, nothing waits", async () => {
    const cluster = clusterOf(badDeploy);
    const incidentId = await storeIncidentFromCase(opened.db, badDeploy);
    const investigation = await worker(badDeploy, cluster, {
      ...approve,
      forbiddenNamespaces: ["kube-system", "shop"],
    });

    expect(await investigation.investigate(incidentId)).toBe("finished");

    const rca = (await createIncidentQueries(opened.db).get(incidentId))?.rca as RcaDocument;
    expect(rca.mitigation).toMatchObject({
      action: "none",
      refused: { action: "rollback", reason: "policy forbids actions in namespace shop" },
    });
    expect(await investigation.mitigationOf(incidentId)).toMatchObject({
      state: "refused",
      detail: "policy forbids actions in namespace shop",
      plan: { action: "rollback", target: { namespace: "shop", name: "checkout" } },
    });
    expect(cluster.patches).toHaveLength(0);
  });

  it("applies once when two workers resume the same approval at the same moment", async () => {
    const cluster = clusterOf(badDeploy);
    const incidentId = await storeIncidentFromCase(opened.db, badDeploy);
    const first = await worker(badDeploy, cluster, approve);
    const second = await worker(badDeploy, cluster, approve);
    expect(await first.investigate(incidentId)).toBe("awaiting-approval");
    expect(await second.investigate(incidentId)).toBe("awaiting-approval");
    const plan = (await first.mitigationOf(incidentId))!.plan;
    const decision = { incidentId, planId: plan.id, approved: true, by: ["U0APPROVER"], at: badDeploy.now };

    const results = await Promise.all([
      first.decide(decision),
      second.decide(decision),
      first.decide(decision),
    ]);

    expect(results.some((result) => result.resumed)).toBe(true);
    expect(cluster.patches).toHaveLength(1);
    const applied = await opened.db
      .selectFrom("audit_events")
      .select("type")
      .where("incident_id", "=", incidentId)
      .where("type", "=", "mitigation.applied")
      .execute();
    expect(applied).toHaveLength(1);
  });

  it("ends without applying when the plan is rejected, and ignores a decision on another plan", async () => {
    const cluster = clusterOf(badDeploy);
    const incidentId = await storeIncidentFromCase(opened.db, badDeploy);
    const investigation = await worker(badDeploy, cluster, approve);
    await investigation.investigate(incidentId);
    const plan = (await investigation.mitigationOf(incidentId))!.plan;

    const stale = await investigation.decide({
      incidentId,
      planId: "plan-stale",
      approved: true,
      by: ["U1"],
      at: badDeploy.now,
    });
    expect(stale).toEqual({ resumed: false, state: null });
    const rejected = await investigation.decide({
      incidentId,
      planId: plan.id,
      approved: false,
      by: ["U1"],
      at: badDeploy.now,
      reason: "too risky",
    });

    expect(rejected).toEqual({ resumed: true, state: "rejected" });
    expect(cluster.patches).toHaveLength(0);
    expect(await investigation.investigate(incidentId)).toBe("already-finished");
    expect(await investigation.undo(incidentId, "U1")).toMatchObject({
      ok: false,
      reason: "nothing-to-undo",
    });
  });

  it("auto-applies a listed low-risk action; a signal that does not recover leaves the undo on offer", async () => {
    const cluster = clusterOf(memoryLeak);
    const original = cluster.object("Deployment", "shop", "cart");
    const incidentId = await storeIncidentFromCase(opened.db, memoryLeak);
    const investigation = await worker(memoryLeak, cluster, {
      ...DEFAULT_MITIGATION_POLICY,
      mode: "auto",
      autoActions: ["restart"],
    });

    expect(await investigation.investigate(incidentId)).toBe("finished");

    const status = await investigation.mitigationOf(incidentId);
    expect(status).toMatchObject({
      state: "not-recovered",
      plan: { action: "restart", mode: "auto", requiredApprovals: 0 },
    });
    expect(status?.detail).toMatch(/undo is offered$/);
    expect(status?.history.map((entry) => [entry.state, entry.by])).toEqual([
      ["planned", "vigil"],
      ["approved", "policy:auto"],
      ["applying", "vigil"],
      ["applied", "vigil"],
      ["not-recovered", "vigil"],
    ]);
    expect(await investigation.undo(incidentId, "U0ONCALL")).toMatchObject({ ok: true });
    expect(withoutVersion(cluster.object("Deployment", "shop", "cart"))).toEqual(withoutVersion(original));
  });

  it("finishes an apply whose worker died after the change landed: applied once, verified, and undoable", async () => {
    const cluster = clusterOf(badDeploy);
    const original = cluster.object("Deployment", "shop", "checkout");
    const incidentId = await storeIncidentFromCase(opened.db, badDeploy);
    // The first worker's PATCH reaches the cluster, then the worker dies before hearing back.
    const dying: ClusterWriter = {
      ...cluster.cluster,
      patch: async (...args) => {
        await cluster.cluster.patch(...args);
        return await new Promise<never>(() => {});
      },
    };
    const first = await worker(badDeploy, cluster, approve, undefined, { writer: dying });
    expect(await first.investigate(incidentId)).toBe("awaiting-approval");
    const plan = (await first.mitigationOf(incidentId))!.plan;
    void first.decide({ incidentId, planId: plan.id, approved: true, by: ["U0APPROVER"], at: badDeploy.now });
    for (let tries = 0; (await first.mitigationOf(incidentId))?.state !== "applying"; tries += 1) {
      if (tries > 200) throw new Error("the first worker never started applying");
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(cluster.patches).toHaveLength(1);

    // A worker whose lease has not run out leaves the apply alone: its worker may still be at it.
    const patient = await worker(badDeploy, cluster, approve);
    expect(await patient.resumeInterrupted()).toBe(0);
    expect((await patient.mitigationOf(incidentId))?.state).toBe("applying");

    const second = await worker(badDeploy, cluster, approve, undefined, { staleStepSeconds: 0 });
    const [resumed, again] = await Promise.all([second.resumeInterrupted(), second.resumeInterrupted()]);
    expect(resumed + again).toBe(1);
    expect(await second.resumeInterrupted()).toBe(0);

    expect(cluster.patches).toHaveLength(1);
    const status = await second.mitigationOf(incidentId);
    expect(["verified", "not-recovered"]).toContain(status?.state);
    expect(status?.history.map((entry) => entry.state)).toEqual([
      "awaiting-approval",
      "approved",
      "applying",
      "applied",
      status?.state,
    ]);
    const audit = await opened.db
      .selectFrom("audit_events")
      .select("type")
      .where("incident_id", "=", incidentId)
      .where("type", "like", "mitigation.%")
      .orderBy("id")
      .execute();
    expect(audit.map((event) => event.type)).toContain("mitigation.resumed");
    expect(audit.filter((event) => event.type === "mitigation.applied")).toHaveLength(1);

    expect(await second.undo(incidentId, "U0ONCALL")).toMatchObject({ ok: true });
    expect(withoutVersion(cluster.object("Deployment", "shop", "checkout"))).toEqual(
      withoutVersion(original),
    );
  });

  it("takes over an undo whose worker died halfway once its claim is stale, and undoes once", async () => {
    const cluster = clusterOf(memoryLeak);
    const original = cluster.object("Deployment", "shop", "cart");
    const incidentId = await storeIncidentFromCase(opened.db, memoryLeak);
    const auto = { ...DEFAULT_MITIGATION_POLICY, mode: "auto" as const, autoActions: ["restart" as const] };
    const investigation = await worker(memoryLeak, cluster, auto, undefined, { staleStepSeconds: 0 });
    expect(await investigation.investigate(incidentId)).toBe("finished");
    const planId = (await investigation.mitigationOf(incidentId))!.plan.id;
    // A worker claimed the undo and died before doing anything.
    await createMitigationStore(opened.db).claimStep(planId, "undo", "U0GONE");

    const patient = await worker(memoryLeak, cluster, auto);
    expect(await patient.undo(incidentId, "U0ONCALL")).toMatchObject({ ok: false, reason: "already-undone" });
    expect(await investigation.undo(incidentId, "U0ONCALL")).toMatchObject({ ok: true });
    expect(await investigation.undo(incidentId, "U0ONCALL")).toMatchObject({
      ok: false,
      reason: "already-undone",
    });
    expect(withoutVersion(cluster.object("Deployment", "shop", "cart"))).toEqual(withoutVersion(original));
  });
});

/** An object as a person compares it: the resourceVersion changes with every write, whatever it writes. */
function withoutVersion(object: KubernetesObject | null): unknown {
  if (!object) return object;
  const { resourceVersion: _version, ...metadata } = object.metadata;
  return { ...object, metadata };
}
