import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKubernetesClient } from "../../integrations/kubernetes/create-kubernetes-client.ts";
import { createReplaySources } from "../../integrations/replay/create-replay-sources.ts";
import { loadReplayCase, type ReplayCase } from "../../integrations/replay/load-replay-case.ts";
import type { RecordedMatrixSeries } from "../../integrations/replay/promql/series-index.ts";
import { createReplayMetricsSource } from "../../integrations/replay/replay-metrics-source.ts";
import { createInvestigation, type Investigation } from "../../src/agent/create-investigation.ts";
import { loadRunbooks } from "../../src/agent/runbooks/load-runbooks.ts";
import type { MitigationState } from "../../src/domain/mitigation-plan.ts";
import { DEFAULT_MITIGATION_POLICY } from "../../src/mitigation/mitigation-policy.ts";
import type { Clock } from "../../src/ports/clock.ts";
import type { KubernetesObject } from "../../src/ports/cluster-reader.ts";
import type { MetricsSource } from "../../src/ports/metrics-source.ts";
import { createCheckpointer } from "../../src/store/create-checkpointer.ts";
import { createInvestigationRepository } from "../../src/store/create-investigation-repository.ts";
import { createMitigationStore } from "../../src/store/create-mitigation-store.ts";
import { type FakeKubernetesApi, startFakeKubernetesApi } from "../support/fake-kubernetes-api.ts";
import { RUNBOOKS } from "../support/investigation-fixture.ts";
import { startTestVigil, type TestVigil } from "../support/start-test-vigil.ts";

const CASE = new URL("../../evals/cases/shop-checkout-bad-deploy.json", import.meta.url).pathname;

/** A clock the test moves: verification's waits advance it instead of sleeping. */
function manualClock(start: Date) {
  let now = start.getTime();
  const clock: Clock = { now: () => new Date(now) };
  const sleep = async (ms: number) => {
    now += ms;
  };
  return { clock, sleep };
}

/**
 * The case's recorded metrics plus what happened after the rollback: the failing revision's pods
 * are gone, two pods of the previous revision serve without errors. A query sees only samples up
 * to the clock, so the investigation (at the case's `now`) sees exactly the recording.
 */
function metricsAfterRollback(replayCase: ReplayCase, clock: Clock): MetricsSource {
  const start = Date.parse(replayCase.now) / 1000;
  const recovered: RecordedMatrixSeries[] = ["q1", "q2"].flatMap((pod, index) =>
    ["200", "500"].map((code) => ({
      metric: {
        __name__: "http_requests_total",
        service: "checkout",
        namespace: "shop",
        pod: `checkout-rcf7tq4c88-${pod}`,
        job: "checkout",
        method: "POST",
        route: "/v1/checkout",
        code,
      },
      values: Array.from({ length: 30 }, (_, minute) => [
        Math.floor(start / 60) * 60 + 60 * (minute + 1),
        code === "500" ? "0" : String(600 * (minute + 1) + index),
      ]) as Array<[number, string]>,
    })),
  );
  const recorded = (replayCase.sources.metrics ?? []) as RecordedMatrixSeries[];
  const all = createReplayMetricsSource({
    series: [...recorded, ...recovered],
    nowSeconds: Number.POSITIVE_INFINITY,
  });
  const upToNow = () => clock.now().getTime() / 1000;
  return {
    async queryRange(query, range, signal) {
      const end = Math.min(range.end, upToNow());
      return end < range.start ? [] : await all.queryRange(query, { ...range, end }, signal);
    },
    async series(matchers, range, signal) {
      return await all.series(matchers, { ...range, end: Math.min(range.end, upToNow()) }, signal);
    },
  };
}

describe("a recorded bad deploy, from alert to undo, against a Kubernetes API", () => {
  let vigil: TestVigil;
  let api: FakeKubernetesApi;
  let investigation: Investigation | undefined;
  let replayCase: ReplayCase;
  const time: { clock: Clock; sleep: (ms: number) => Promise<void> } = {
    clock: { now: () => new Date() },
    sleep: async () => {},
  };

  beforeAll(async () => {
    replayCase = await loadReplayCase(CASE);
    const manual = manualClock(new Date(replayCase.now));
    time.clock = manual.clock;
    time.sleep = manual.sleep;
    api = await startFakeKubernetesApi({
      objects: (replayCase.sources.kubernetes ?? []) as KubernetesObject[],
    });
    // The worker runs whatever `investigation` is by the time the alert arrives.
    vigil = await startTestVigil({
      investigate: async (incidentId) => {
        await investigation?.investigate(incidentId);
      },
    });
    const kubernetes = createKubernetesClient({ url: api.url, token: api.token });
    const replay = createReplaySources(replayCase);
    const sources = { ...replay, cluster: kubernetes, metrics: metricsAfterRollback(replayCase, time.clock) };
    investigation = createInvestigation({
      repository: createInvestigationRepository(vigil.db),
      checkpointer: await createCheckpointer(vigil.pool),
      contextFor: () => ({ sources, clock: time.clock }),
      runbooks: await loadRunbooks(RUNBOOKS),
      policy: {
        ...DEFAULT_MITIGATION_POLICY,
        mode: "approve",
        verify: { windowSeconds: 900, intervalSeconds: 30 },
      },
      clock: time.clock,
      deadlineMs: 30_000,
      mitigation: {
        store: createMitigationStore(vigil.db),
        cluster: kubernetes,
        writer: kubernetes,
        sleep: time.sleep,
      },
    });
  });
  afterAll(async () => {
    await vigil?.stop();
    await api?.stop();
  });

  it("waits for approval, rolls back, verifies recovery, and the undo restores the Deployment", async () => {
    const original = api.objects.get("Deployment", "shop", "checkout");
    const response = await fetch(`${vigil.url}/webhooks/alertmanager`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(replayCase.alert.payload),
    });
    expect(response.status).toBe(202);
    const { incidentId } = (await response.json()) as { incidentId: string };

    const waiting = await waitForState(investigation!, incidentId, "awaiting-approval");
    expect(waiting.plan).toMatchObject({
      action: "rollback",
      target: { kind: "Deployment", namespace: "shop", name: "checkout" },
      mode: "approve",
      requiredApprovals: 1,
    });
    expect(waiting.plan.summary).toMatch(/from revision 55 to revision 54/);
    expect(waiting.plan.diff).toContain("checkout:2.40.3");
    expect(api.requests.filter((request) => request.method === "PATCH")).toHaveLength(0);

    const decided = await investigation!.decide({
      incidentId,
      planId: waiting.plan.id,
      approved: true,
      by: ["U0APPROVER"],
      at: time.clock.now().toISOString(),
    });

    expect(decided).toEqual({ resumed: true, state: "verified" });
    const rolledBack = api.objects.get("Deployment", "shop", "checkout");
    expect(JSON.stringify(rolledBack?.spec)).toContain("checkout:2.40.3");
    const status = await investigation!.mitigationOf(incidentId);
    const reading = /^the alert's expression is ([\d.e-]+), no longer > 0\.05, (\d+) s after apply$/.exec(
      status?.detail ?? "",
    );
    expect(Number(reading?.[1])).toBeLessThan(0.05);
    // The failing pods' errors leave the 5-minute rate window gradually, never at once.
    expect(Number(reading?.[2])).toBeGreaterThan(0);
    expect(
      await investigation!.decide({
        incidentId,
        planId: waiting.plan.id,
        approved: true,
        by: ["U2"],
        at: "x",
      }),
    ).toEqual({
      resumed: false,
      state: "verified",
    });
    expect(api.requests.filter((request) => request.method === "PATCH")).toHaveLength(1);

    expect(await investigation!.undo(incidentId, "U0UNDO")).toMatchObject({ ok: true, state: "undone" });
    const restored = api.objects.get("Deployment", "shop", "checkout");
    const { resourceVersion: _before, ...originalMetadata } = original!.metadata;
    const { resourceVersion: _after, ...restoredMetadata } = restored!.metadata;
    expect({ ...restored, metadata: restoredMetadata }).toEqual({ ...original, metadata: originalMetadata });
    expect(await investigation!.undo(incidentId, "U0UNDO")).toMatchObject({
      ok: false,
      reason: "already-undone",
    });

    const audit = await vigil.db
      .selectFrom("audit_events")
      .select(["type", "actor"])
      .where("incident_id", "=", incidentId)
      .where("type", "like", "mitigation.%")
      .orderBy("id")
      .execute();
    expect(audit).toEqual([
      { type: "mitigation.planned", actor: "vigil" },
      { type: "mitigation.approved", actor: "U0APPROVER" },
      { type: "mitigation.applying", actor: "vigil" },
      { type: "mitigation.applied", actor: "vigil" },
      { type: "mitigation.verified", actor: "vigil" },
      { type: "mitigation.undone", actor: "U0UNDO" },
    ]);
  });
});

async function waitForState(investigation: Investigation, incidentId: string, state: MitigationState) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    // On a loaded machine a poll may time out acquiring a connection; the next one decides.
    const status = await investigation.mitigationOf(incidentId).catch(() => null);
    if (status?.state === state) return status;
    if (Date.now() > deadline)
      throw new Error(`mitigation never reached ${state}: ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
