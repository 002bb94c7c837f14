import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createKubernetesClient } from "../../integrations/kubernetes/create-kubernetes-client.ts";
import { ClusterConflictError } from "../../src/ports/cluster-writer.ts";
import { SourceQueryError, SourceUnavailableError } from "../../src/ports/source-errors.ts";
import { type FakeKubernetesApi, startFakeKubernetesApi } from "../support/fake-kubernetes-api.ts";

const deployment = (name: string, replicas: number) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name, namespace: "shop", labels: { app: name } },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { spec: { containers: [{ name: "app", image: `registry.example/${name}:1.0.0` }] } },
  },
  status: { replicas, readyReplicas: replicas },
});

const pods = Array.from({ length: 7 }, (_, index) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name: `checkout-${index}`, namespace: "shop", creationTimestamp: "2024-05-01T10:00:00Z" },
  status: { phase: "Running" },
}));

describe("Kubernetes client", () => {
  let api: FakeKubernetesApi;
  const client = () => createKubernetesClient({ url: api.url, token: api.token, pageSize: 3 });

  beforeAll(async () => {
    api = await startFakeKubernetesApi({
      objects: [
        deployment("checkout", 2),
        ...pods,
        { kind: "Node", metadata: { name: "node-a" }, spec: {} },
        { kind: "ConfigMap", metadata: { name: "checkout-config", namespace: "shop" }, data: { POOL: "20" } },
      ],
    });
  });
  afterAll(async () => {
    await api.stop();
  });
  afterEach(() => {
    api.requests.length = 0;
  });

  it("reads a list in pages with limit and continue and returns every object with its kind", async () => {
    const result = await client().list("Pod", "shop");
    expect(result.map((pod) => pod.metadata.name)).toEqual(pods.map((pod) => pod.metadata.name));
    expect(result.every((pod) => pod.kind === "Pod" && pod.apiVersion === "v1")).toBe(true);
    expect(result[0]?.metadata.creationTimestamp).toBe("2024-05-01T10:00:00Z");
    const pages = api.requests.filter((request) => request.path === "/api/v1/namespaces/shop/pods");
    expect(pages.map((request) => request.query.limit)).toEqual(["3", "3", "3"]);
    expect(pages[0]?.query.continue).toBeUndefined();
    expect(pages[1]?.query.continue).toBeDefined();
  });

  it("sends the bearer token and answers SourceUnavailableError when the API refuses it", async () => {
    await client().get("Node", undefined, "node-a");
    expect(api.requests[0]?.authorization).toBe(`Bearer ${api.token}`);
    const wrong = createKubernetesClient({ url: api.url, token: "not-the-token" });
    await expect(wrong.list("Pod")).rejects.toBeInstanceOf(SourceUnavailableError);
  });

  it("reads through a kubeconfig file and its named context", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vigil-kubeconfig-"));
    const path = join(dir, "config");
    writeFileSync(
      path,
      [
        "apiVersion: v1",
        "kind: Config",
        "clusters:",
        "  - { name: fake, cluster: { server: 'http://127.0.0.1:1', insecure-skip-tls-verify: true } }",
        `  - { name: good, cluster: { server: '${api.url}', insecure-skip-tls-verify: true } }`,
        "users:",
        `  - { name: fake, user: { token: '${api.token}' } }`,
        "contexts:",
        "  - { name: broken, context: { cluster: fake, user: fake } }",
        "  - { name: working, context: { cluster: good, user: fake } }",
        "current-context: broken",
      ].join("\n"),
    );
    const viaContext = createKubernetesClient({ kubeconfig: path, context: "working" });
    expect((await viaContext.get("Node", undefined, "node-a"))?.kind).toBe("Node");
    const viaFakeFile = createKubernetesClient({ kubeconfig: api.kubeconfigPath });
    expect((await viaFakeFile.list("Deployment")).map((object) => object.metadata.name)).toEqual([
      "checkout",
    ]);
  });

  it("answers null for a missing object, and for a namespaced kind asked without a namespace", async () => {
    expect(await client().get("Deployment", "shop", "nope")).toBeNull();
    expect(await client().get("Deployment", undefined, "checkout")).toBeNull();
  });

  it("patches with a JSON merge patch carrying the resourceVersion precondition", async () => {
    const before = await client().get("Deployment", "shop", "checkout");
    const after = await client().patch(
      "Deployment",
      "shop",
      "checkout",
      { spec: { replicas: 4 } },
      { resourceVersion: before?.metadata.resourceVersion ?? "" },
    );
    expect(after.spec).toMatchObject({ replicas: 4 });
    expect(after.kind).toBe("Deployment");
    expect(Number(after.metadata.resourceVersion)).toBeGreaterThan(Number(before?.metadata.resourceVersion));
    const sent = api.requests.find((request) => request.method === "PATCH");
    expect(sent?.contentType).toBe("application/merge-patch+json");
    expect(sent?.body).toEqual({
      spec: { replicas: 4 },
      metadata: { resourceVersion: before?.metadata.resourceVersion },
    });
  });

  it("throws ClusterConflictError when the object changed since the version that was read", async () => {
    const before = await client().get("ConfigMap", "shop", "checkout-config");
    const version = before?.metadata.resourceVersion ?? "";
    api.conflictOnce({ kind: "ConfigMap", namespace: "shop", name: "checkout-config" });
    const patch = client().patch(
      "ConfigMap",
      "shop",
      "checkout-config",
      { data: { POOL: "5" } },
      {
        resourceVersion: version,
      },
    );
    await expect(patch).rejects.toBeInstanceOf(ClusterConflictError);
    await expect(
      client().patch(
        "ConfigMap",
        "shop",
        "checkout-config",
        { data: { POOL: "5" } },
        { resourceVersion: version },
      ),
    ).rejects.toThrow(/has been modified/);
    expect(api.objects.get("ConfigMap", "shop", "checkout-config")?.data).toEqual({ POOL: "20" });
  });

  it("scales through the scale subresource", async () => {
    const scale = await client().patch("Deployment/scale", "shop", "checkout", { spec: { replicas: 6 } });
    expect(scale).toMatchObject({ kind: "Scale", spec: { replicas: 6 } });
    expect(api.objects.get("Deployment", "shop", "checkout")?.spec).toMatchObject({ replicas: 6 });
    expect(api.requests.at(-1)?.path).toBe("/apis/apps/v1/namespaces/shop/deployments/checkout/scale");
  });

  it("deletes a pod, and deleting one that is already gone is not an error", async () => {
    await client().deleteObject("Pod", "shop", "checkout-6");
    expect(api.objects.get("Pod", "shop", "checkout-6")).toBeNull();
    await expect(client().deleteObject("Pod", "shop", "checkout-6")).resolves.toBeUndefined();
  });

  it("retries a read that met a server error, and gives up as unavailable when errors persist", async () => {
    api.failNext(1, 503);
    expect(await client().get("Node", undefined, "node-a")).not.toBeNull();
    expect(api.requests).toHaveLength(2);
    api.failNext(3, 500);
    await expect(client().get("Node", undefined, "node-a")).rejects.toBeInstanceOf(SourceUnavailableError);
    api.failNext(0);
  });

  it("does not retry a write that met a server error", async () => {
    api.failNext(1, 500);
    await expect(
      client().patch("Node", undefined, "node-a", { spec: { unschedulable: true } }),
    ).rejects.toBeInstanceOf(SourceUnavailableError);
    expect(api.requests.filter((request) => request.method === "PATCH")).toHaveLength(1);
    expect(api.objects.get("Node", undefined, "node-a")?.spec).toEqual({});
  });

  it("rejects a kind it does not know with SourceQueryError", async () => {
    await expect(client().list("Gadget")).rejects.toBeInstanceOf(SourceQueryError);
  });

  it("answers SourceUnavailableError when the kubeconfig cannot be read", async () => {
    const missing = createKubernetesClient({ kubeconfig: join(tmpdir(), "no-such-kubeconfig.yaml") });
    await expect(missing.list("Pod")).rejects.toBeInstanceOf(SourceUnavailableError);
  });
});
