import { afterEach, describe, expect, it } from "vitest";
import { createKubernetesClient } from "../../integrations/kubernetes/create-kubernetes-client.ts";
import type { MitigationTarget } from "../../src/domain/root-cause.ts";
import type {
  CatalogActionName,
  ExecutePorts,
  PlanPorts,
} from "../../src/mitigation/actions/catalog-action.ts";
import { CATALOG_ACTIONS } from "../../src/mitigation/actions/catalog-actions.ts";
import type { KubernetesObject } from "../../src/ports/cluster-reader.ts";
import { type FakeKubernetesApi, startFakeKubernetesApi } from "../support/fake-kubernetes-api.ts";
import { CHANGES, hypothesis, NOW, request, shopObjects } from "../unit/mitigation/cluster-fixtures.ts";

const CHECKOUT: MitigationTarget = { kind: "Deployment", namespace: "shop", name: "checkout" };
type Ref = [kind: string, namespace: string | undefined, name: string];

const CASES: Array<{
  action: CatalogActionName;
  target: MitigationTarget;
  changeId?: string;
  objects: Ref[];
}> = [
  { action: "rollback", target: CHECKOUT, objects: [["Deployment", "shop", "checkout"]] },
  { action: "restart", target: CHECKOUT, objects: [["Deployment", "shop", "checkout"]] },
  {
    action: "scale-out",
    target: CHECKOUT,
    objects: [
      ["Deployment", "shop", "checkout"],
      ["HorizontalPodAutoscaler", "shop", "checkout"],
    ],
  },
  {
    action: "cordon-node",
    target: { kind: "Node", name: "node-a" },
    objects: [["Node", undefined, "node-a"]],
  },
  {
    action: "revert-config",
    target: CHECKOUT,
    changeId: "config-timeout",
    objects: [
      ["Deployment", "shop", "checkout"],
      ["ConfigMap", "shop", "checkout-config"],
    ],
  },
];

/** The object as the API server stores it, its version counter aside. */
function stored(api: FakeKubernetesApi, [kind, namespace, name]: Ref): unknown {
  const object = api.objects.get(kind, namespace, name);
  if (!object) return null;
  const { resourceVersion: _version, ...metadata } = object.metadata;
  return { ...object, metadata };
}

describe("catalog actions through the Kubernetes client against an API server", () => {
  let api: FakeKubernetesApi | undefined;
  afterEach(async () => {
    await api?.stop();
    api = undefined;
  });

  async function connect() {
    api = await startFakeKubernetesApi({ objects: shopObjects() as KubernetesObject[] });
    const client = createKubernetesClient({ url: api.url, token: api.token });
    const plan: PlanPorts = {
      cluster: client,
      changes: { list: async () => CHANGES },
      flags: null,
      failover: null,
    };
    const execute: ExecutePorts = {
      cluster: client,
      writer: client,
      flags: null,
      failover: null,
      clock: { now: () => NOW },
      sleep: async () => undefined,
    };
    return { api, plan, execute };
  }

  for (const entry of CASES) {
    it(`${entry.action}: plan, apply, undo leaves the stored objects exactly as before`, async () => {
      const { api, plan, execute } = await connect();
      const original = entry.objects.map((ref) => stored(api, ref));
      const draft = await CATALOG_ACTIONS[entry.action].plan(
        request(entry.target, { hypothesis: hypothesis(entry.changeId ? { changeId: entry.changeId } : {}) }),
        plan,
      );
      expect(draft.record).not.toBeNull();

      expect(await CATALOG_ACTIONS[entry.action].apply(draft.record!, execute)).toMatchObject({ ok: true });
      expect(entry.objects.map((ref) => stored(api, ref))).not.toEqual(original);
      expect(await CATALOG_ACTIONS[entry.action].undo(draft.record!, execute)).toMatchObject({ ok: true });

      expect(entry.objects.map((ref) => stored(api, ref))).toEqual(original);
      const patches = api.requests.filter((sent) => sent.method === "PATCH");
      expect(patches.length).toBe(2 * entry.objects.length);
      for (const patch of patches) {
        expect(patch.contentType).toMatch(/^application\/merge-patch\+json/);
        expect((patch.body as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion).toMatch(
          /^\d+$/,
        );
      }
    });
  }

  it("applies nothing when another writer changes the Deployment at the same moment (409)", async () => {
    const { api, plan, execute } = await connect();
    const draft = await CATALOG_ACTIONS.rollback.plan(request(CHECKOUT), plan);
    api.conflictOnce({ kind: "Deployment", namespace: "shop", name: "checkout" });

    const outcome = await CATALOG_ACTIONS.rollback.apply(draft.record!, execute);

    expect(outcome).toMatchObject({ ok: false, failure: "conflict", compensated: true });
    expect(JSON.stringify(api.objects.get("Deployment", "shop", "checkout")?.spec)).toContain(
      "checkout:2.41.0",
    );
  });
});
