import { describe, expect, it } from "vitest";
import type { MitigationTarget } from "../../../src/domain/root-cause.ts";
import type { CatalogActionName } from "../../../src/mitigation/actions/catalog-action.ts";
import { CATALOG_ACTIONS } from "../../../src/mitigation/actions/catalog-actions.ts";
import { createInMemoryCluster, type InMemoryCluster } from "../../support/in-memory-cluster.ts";
import {
  executePorts,
  hypothesis,
  NOW,
  planPorts,
  request,
  shopObjects,
  withoutVersion,
} from "./cluster-fixtures.ts";

const CHECKOUT: MitigationTarget = { kind: "Deployment", namespace: "shop", name: "checkout" };
type Ref = [kind: string, namespace: string | undefined, name: string];

interface RoundTripCase {
  action: CatalogActionName;
  target: MitigationTarget;
  changeId?: string;
  /** Every object the action may touch, compared before and after the round trip. */
  objects: Ref[];
  /** What apply must have done, read from the cluster after apply. */
  expectApplied: (cluster: InMemoryCluster) => void;
}

const DEPLOYMENT: Ref = ["Deployment", "shop", "checkout"];
const template = (cluster: InMemoryCluster) =>
  cluster.object(...DEPLOYMENT)?.spec?.template as {
    metadata: { labels: Record<string, string>; annotations: Record<string, string> };
    spec: { containers: Array<{ image: string; env: Array<Record<string, unknown>> }> };
  };

const CASES: RoundTripCase[] = [
  {
    action: "rollback",
    target: CHECKOUT,
    objects: [DEPLOYMENT],
    expectApplied: (cluster) => {
      expect(template(cluster).spec.containers[0]?.image).toBe("checkout:2.40.3");
      expect(template(cluster).metadata.labels).toEqual({ app: "checkout" });
    },
  },
  {
    action: "restart",
    target: CHECKOUT,
    objects: [DEPLOYMENT],
    expectApplied: (cluster) =>
      expect(template(cluster).metadata.annotations["kubectl.kubernetes.io/restartedAt"]).toBe(
        NOW.toISOString(),
      ),
  },
  {
    action: "scale-out",
    target: CHECKOUT,
    objects: [DEPLOYMENT, ["HorizontalPodAutoscaler", "shop", "checkout"]],
    expectApplied: (cluster) => {
      expect(cluster.object(...DEPLOYMENT)?.spec?.replicas).toBe(6);
      expect(cluster.object("HorizontalPodAutoscaler", "shop", "checkout")?.spec).toMatchObject({
        minReplicas: 6,
        maxReplicas: 6,
      });
    },
  },
  {
    action: "cordon-node",
    target: { kind: "Node", name: "node-a" },
    objects: [["Node", undefined, "node-a"]],
    expectApplied: (cluster) =>
      expect(cluster.object("Node", undefined, "node-a")?.spec?.unschedulable).toBe(true),
  },
  {
    action: "revert-config",
    target: CHECKOUT,
    changeId: "config-timeout",
    objects: [DEPLOYMENT, ["ConfigMap", "shop", "checkout-config"]],
    expectApplied: (cluster) => {
      expect(cluster.object("ConfigMap", "shop", "checkout-config")?.data).toMatchObject({
        UPSTREAM_TIMEOUT_MS: "3000",
      });
      expect(template(cluster).metadata.annotations["kubectl.kubernetes.io/restartedAt"]).toBe(
        NOW.toISOString(),
      );
    },
  },
  {
    action: "revert-config",
    target: CHECKOUT,
    changeId: "config-log",
    objects: [DEPLOYMENT],
    expectApplied: (cluster) =>
      expect(template(cluster).spec.containers[0]?.env[0]).toEqual({ name: "LOG_LEVEL", value: "info" }),
  },
  {
    action: "revert-config",
    target: CHECKOUT,
    changeId: "config-ref",
    objects: [DEPLOYMENT, ["ConfigMap", "shop", "checkout-tuning"]],
    expectApplied: (cluster) =>
      expect(cluster.object("ConfigMap", "shop", "checkout-tuning")?.data).toEqual({ timeout: "2500" }),
  },
  {
    action: "revert-config",
    target: CHECKOUT,
    changeId: "config-secret",
    objects: [DEPLOYMENT],
    expectApplied: (cluster) =>
      expect(template(cluster).spec.containers[0]?.env[2]).toEqual({
        name: "DB_PASSWORD",
        valueFrom: { secretKeyRef: { name: "db-creds-v1", key: "password" } },
      }),
  },
];

async function planned(
  cluster: InMemoryCluster,
  entry: Pick<RoundTripCase, "action" | "target" | "changeId">,
) {
  const draft = await CATALOG_ACTIONS[entry.action].plan(
    request(entry.target, { hypothesis: hypothesis(entry.changeId ? { changeId: entry.changeId } : {}) }),
    planPorts(cluster),
  );
  expect(draft.preconditions.filter((check) => !check.ok)).toEqual([]);
  expect(draft.record).not.toBeNull();
  return draft;
}

describe("Kubernetes catalog actions", () => {
  for (const entry of CASES) {
    it(`${entry.action} ${entry.changeId ?? ""}: plan, apply, undo restores the exact prior objects`, async () => {
      const cluster = createInMemoryCluster(shopObjects());
      const original = entry.objects.map((ref) => withoutVersion(cluster.object(...ref)));
      const draft = await planned(cluster, entry);
      expect(draft.changes.length).toBeGreaterThan(0);

      const applied = await CATALOG_ACTIONS[entry.action].apply(draft.record!, executePorts(cluster));
      expect(applied).toMatchObject({ ok: true });
      entry.expectApplied(cluster);
      // Applying again changes nothing: the objects already hold the after-state.
      const writes = cluster.patches.length;
      expect(await CATALOG_ACTIONS[entry.action].apply(draft.record!, executePorts(cluster))).toMatchObject({
        ok: true,
      });
      expect(cluster.patches).toHaveLength(writes);

      const undone = await CATALOG_ACTIONS[entry.action].undo(draft.record!, executePorts(cluster));
      expect(undone).toMatchObject({ ok: true });
      expect(entry.objects.map((ref) => withoutVersion(cluster.object(...ref)))).toEqual(original);
    });
  }

  it("writes every patch with the resourceVersion it just read", async () => {
    const cluster = createInMemoryCluster(shopObjects());
    const draft = await planned(cluster, { action: "rollback", target: CHECKOUT });
    const live = cluster.object(...DEPLOYMENT);
    await CATALOG_ACTIONS.rollback.apply(draft.record!, executePorts(cluster));
    expect(cluster.patches).toHaveLength(1);
    expect(cluster.patches[0]?.resourceVersion).toBe(live?.metadata.resourceVersion);
  });

  it("aborts on a concurrent change (409), applies nothing and says so", async () => {
    const cluster = createInMemoryCluster(shopObjects());
    const draft = await planned(cluster, { action: "rollback", target: CHECKOUT });
    cluster.conflictOnce(...DEPLOYMENT);

    const outcome = await CATALOG_ACTIONS.rollback.apply(draft.record!, executePorts(cluster));

    expect(outcome).toMatchObject({ ok: false, failure: "conflict", compensated: true });
    expect(template(cluster).spec.containers[0]?.image).toBe("checkout:2.41.0");
    expect(cluster.patches).toHaveLength(1);
  });

  it("refuses to apply when the object changed since it was planned", async () => {
    const cluster = createInMemoryCluster(shopObjects());
    const draft = await planned(cluster, { action: "scale-out", target: CHECKOUT });
    cluster.change(...DEPLOYMENT, { spec: { replicas: 4 } });

    const outcome = await CATALOG_ACTIONS["scale-out"].apply(draft.record!, executePorts(cluster));

    expect(outcome).toMatchObject({ ok: false, failure: "changed" });
    expect(outcome.ok ? "" : outcome.message).toMatch(/spec\.replicas is 4, expected 3/);
    // The HPA edit went first and was put back when the Deployment edit could not go ahead.
    expect(cluster.object("HorizontalPodAutoscaler", "shop", "checkout")?.spec).toMatchObject({
      minReplicas: 2,
      maxReplicas: 5,
    });
  });

  it("refuses to undo what someone changed after the apply, and changes nothing", async () => {
    const cluster = createInMemoryCluster(shopObjects());
    const draft = await planned(cluster, { action: "cordon-node", target: { kind: "Node", name: "node-a" } });
    await CATALOG_ACTIONS["cordon-node"].apply(draft.record!, executePorts(cluster));
    cluster.change("Node", undefined, "node-a", { spec: { unschedulable: false } });
    const writes = cluster.patches.length;

    const outcome = await CATALOG_ACTIONS["cordon-node"].undo(draft.record!, executePorts(cluster));

    expect(outcome).toMatchObject({ ok: false, failure: "changed" });
    expect(cluster.patches).toHaveLength(writes);
  });

  it("says it can only plan when no writer is held", async () => {
    const cluster = createInMemoryCluster(shopObjects());
    const draft = await planned(cluster, { action: "restart", target: CHECKOUT });
    const outcome = await CATALOG_ACTIONS.restart.apply(
      draft.record!,
      executePorts(cluster, { writer: null }),
    );
    expect(outcome).toMatchObject({ ok: false, failure: "not-configured" });
    expect(cluster.patches).toHaveLength(0);
  });
});

describe("Kubernetes action preconditions", () => {
  it("refuses a rollback with no earlier revision, and one of a StatefulSet", async () => {
    const cluster = createInMemoryCluster(shopObjects().filter((object) => object.kind !== "ReplicaSet"));
    const draft = await CATALOG_ACTIONS.rollback.plan(request(CHECKOUT), planPorts(cluster));
    expect(draft.record).toBeNull();
    expect(draft.preconditions).toContainEqual(
      expect.objectContaining({ ok: false, description: expect.stringMatching(/revision before 7/) }),
    );
    const statefulSet = await CATALOG_ACTIONS.rollback.plan(
      request({ kind: "StatefulSet", namespace: "shop", name: "orders-db" }),
      planPorts(cluster),
    );
    expect(statefulSet.record).toBeNull();
  });

  it("refuses to act on an object that does not exist", async () => {
    const cluster = createInMemoryCluster(shopObjects());
    for (const action of ["rollback", "restart", "scale-out"] as const) {
      const draft = await CATALOG_ACTIONS[action].plan(
        request({ kind: "Deployment", namespace: "shop", name: "ghost" }),
        planPorts(cluster),
      );
      expect(draft.record).toBeNull();
      expect(draft.preconditions).toContainEqual({
        description: "Deployment shop/ghost exists",
        ok: false,
        detail: "not found in the cluster",
      });
    }
  });

  it("refuses to revert a setting someone changed again after the blamed change", async () => {
    const cluster = createInMemoryCluster(shopObjects());
    cluster.change("ConfigMap", "shop", "checkout-config", { data: { UPSTREAM_TIMEOUT_MS: "1000" } });
    const draft = await CATALOG_ACTIONS["revert-config"].plan(
      request(CHECKOUT, { hypothesis: hypothesis({ changeId: "config-timeout" }) }),
      planPorts(cluster),
    );
    expect(draft.record).toBeNull();
    expect(draft.preconditions).toContainEqual(
      expect.objectContaining({ ok: false, detail: 'it is "1000" now' }),
    );
  });

  it("never cordons the last schedulable node", async () => {
    const cluster = createInMemoryCluster(shopObjects());
    cluster.change("Node", undefined, "node-b", { spec: { unschedulable: true } });
    const draft = await CATALOG_ACTIONS["cordon-node"].plan(
      request({ kind: "Node", name: "node-a" }),
      planPorts(cluster),
    );
    expect(draft.record).toBeNull();
  });

  it("keeps scale-out within the policy's factor", async () => {
    const cluster = createInMemoryCluster(shopObjects());
    const policy = { forbiddenNamespaces: [], minConfidence: 0.5, maxScaleFactor: 1.5 };
    const draft = await CATALOG_ACTIONS["scale-out"].plan(request(CHECKOUT, { policy }), planPorts(cluster));
    expect(draft.summary).toMatch(/from 3 to 4 replicas/);
    const tight = await CATALOG_ACTIONS["scale-out"].plan(
      request(CHECKOUT, { policy: { ...policy, maxScaleFactor: 1.2 } }),
      planPorts(cluster),
    );
    expect(tight.record).toBeNull();
  });
});
