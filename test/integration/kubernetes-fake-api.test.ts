import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeKubernetesApi, startFakeKubernetesApi } from "../support/fake-kubernetes-api.ts";

/** The parts of an answer these tests read: an object, a List or a Status. */
interface Answer {
  kind?: string;
  items: Array<{ kind?: string; metadata: { name: string } }>;
  metadata: { resourceVersion?: string };
  spec?: unknown;
  data?: unknown;
}

/** The fake API server speaks the real protocol; these pin the parts other tests rely on. */
describe("fake Kubernetes API server", () => {
  let api: FakeKubernetesApi;
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    contentType = "application/merge-patch+json",
  ) => {
    const response = await fetch(`${api.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${api.token}`,
        ...(body !== undefined ? { "content-type": contentType } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as Answer };
  };

  beforeAll(async () => {
    api = await startFakeKubernetesApi({
      objects: [
        {
          kind: "Deployment",
          metadata: { name: "checkout", namespace: "shop", labels: { app: "checkout", tier: "web" } },
          spec: {
            replicas: 2,
            selector: { matchLabels: { app: "checkout" } },
            template: { spec: { containers: [{ name: "app", image: "c:1" }] } },
          },
        },
        {
          kind: "Deployment",
          metadata: { name: "cart", namespace: "shop", labels: { app: "cart" } },
          spec: {},
        },
        { kind: "Node", metadata: { name: "node-a" }, spec: {} },
        { kind: "ConfigMap", metadata: { name: "conf", namespace: "shop" }, data: { A: "1", B: "2" } },
      ],
    });
  });
  afterAll(async () => {
    await api.stop();
  });

  it("lists like the API server: a typed List, items without kind, filtered by label selector", async () => {
    const { status, body } = await call(
      "GET",
      "/apis/apps/v1/deployments?labelSelector=app%20in%20(checkout),tier!=db",
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ kind: "DeploymentList", apiVersion: "apps/v1" });
    expect(body.items.map((item: { metadata: { name: string } }) => item.metadata.name)).toEqual([
      "checkout",
    ]);
    expect(body.items[0]?.kind).toBeUndefined();
  });

  it("answers 404 with a Status for a missing object and for a cluster-scoped kind under a namespace", async () => {
    const missing = await call("GET", "/apis/apps/v1/namespaces/shop/deployments/nope");
    expect(missing).toEqual({
      status: 404,
      body: {
        kind: "Status",
        apiVersion: "v1",
        metadata: {},
        status: "Failure",
        message: 'deployments.apps "nope" not found',
        reason: "NotFound",
        details: { name: "nope", group: "apps", kind: "deployments" },
        code: 404,
      },
    });
    expect((await call("GET", "/api/v1/namespaces/shop/nodes/node-a")).status).toBe(404);
    expect((await call("GET", "/api/v1/nodes/node-a")).body.kind).toBe("Node");
  });

  it("applies RFC 7386 merge patches: objects merge, null deletes, arrays replace, resourceVersion moves", async () => {
    const before = api.objects.get("ConfigMap", "shop", "conf");
    const { status, body } = await call("PATCH", "/api/v1/namespaces/shop/configmaps/conf", {
      data: { A: null, C: "3" },
      metadata: { labels: { x: "y" } },
    });
    expect(status).toBe(200);
    expect(body.data).toEqual({ B: "2", C: "3" });
    expect(Number(body.metadata.resourceVersion)).toBeGreaterThan(Number(before?.metadata.resourceVersion));
    const containers = [{ name: "app", image: "c:2" }];
    await call("PATCH", "/apis/apps/v1/namespaces/shop/deployments/checkout", {
      spec: { template: { spec: { containers } } },
    });
    expect(api.objects.get("Deployment", "shop", "checkout")?.spec).toMatchObject({
      replicas: 2,
      template: { spec: { containers } },
    });
  });

  it("refuses a stale resourceVersion with 409 Conflict and stores nothing", async () => {
    const current = api.objects.get("Node", undefined, "node-a");
    await call("PATCH", "/api/v1/nodes/node-a", { metadata: { labels: { a: "b" } } });
    const stale = await call("PATCH", "/api/v1/nodes/node-a", {
      spec: { unschedulable: true },
      metadata: { resourceVersion: current?.metadata.resourceVersion },
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ kind: "Status", reason: "Conflict", code: 409 });
    expect(api.objects.get("Node", undefined, "node-a")?.spec).toEqual({});
  });

  it("makes one write conflict after a simulated concurrent change, then lets the next through", async () => {
    api.conflictOnce({
      kind: "Deployment",
      namespace: "shop",
      name: "cart",
      concurrentPatch: { spec: { paused: true } },
    });
    const first = await call("PATCH", "/apis/apps/v1/namespaces/shop/deployments/cart", {
      spec: { replicas: 3 },
    });
    expect(first.status).toBe(409);
    expect(api.objects.get("Deployment", "shop", "cart")?.spec).toEqual({ paused: true });
    const second = await call("PATCH", "/apis/apps/v1/namespaces/shop/deployments/cart", {
      spec: { replicas: 3 },
    });
    expect(second.body.spec).toEqual({ paused: true, replicas: 3 });
  });

  it("serves the scale subresource and computes a dry run without storing it", async () => {
    const scale = await call("GET", "/apis/apps/v1/namespaces/shop/deployments/checkout/scale");
    expect(scale.body).toMatchObject({
      kind: "Scale",
      apiVersion: "autoscaling/v1",
      spec: { replicas: 2 },
      status: { selector: "app=checkout" },
    });
    const dry = await call("PATCH", "/apis/apps/v1/namespaces/shop/deployments/checkout/scale?dryRun=All", {
      spec: { replicas: 9 },
    });
    expect(dry.body.spec).toEqual({ replicas: 9 });
    expect(api.objects.get("Deployment", "shop", "checkout")?.spec).toMatchObject({ replicas: 2 });
    expect(api.requests.at(-1)).toMatchObject({
      method: "PATCH",
      query: { dryRun: "All" },
      body: { spec: { replicas: 9 } },
    });
  });

  it("refuses JSON patch and requests without the token", async () => {
    const jsonPatch = await call(
      "PATCH",
      "/api/v1/nodes/node-a",
      [{ op: "add", path: "/x", value: 1 }],
      "application/json-patch+json",
    );
    expect(jsonPatch.status).toBe(415);
    const anonymous = await fetch(`${api.url}/api/v1/nodes`);
    expect(anonymous.status).toBe(401);
  });
});
