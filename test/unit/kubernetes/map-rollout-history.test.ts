import { describe, expect, it } from "vitest";
import { diffPodTemplates, versionOf } from "../../../integrations/kubernetes/diff-pod-templates.ts";
import { mapRolloutHistory } from "../../../integrations/kubernetes/map-rollout-history.ts";
import type { KubernetesObject } from "../../../src/ports/cluster-reader.ts";

type Container = Record<string, unknown>;
const template = (containers: Container[], extra: Record<string, unknown> = {}) => ({
  metadata: extra.metadata ?? {},
  spec: { containers, ...(extra.spec as object) },
});
const app = (image: string, more: Container = {}) => ({ name: "app", image, ...more });

function replicaSet(
  revision: number,
  created: string,
  podTemplate: Record<string, unknown>,
  metadata: Record<string, unknown> = {},
): KubernetesObject {
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name: `checkout-${revision}`,
      namespace: "shop",
      creationTimestamp: created,
      ...metadata,
      annotations: {
        "deployment.kubernetes.io/revision": String(revision),
        ...(metadata.annotations as Record<string, string> | undefined),
      },
      ownerReferences: [{ kind: "Deployment", name: "checkout" }],
    },
    spec: { template: podTemplate },
  };
}

const deployment = (
  labels: Record<string, string>,
  extra: Partial<KubernetesObject> = {},
): KubernetesObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "checkout", namespace: "shop", labels, ...extra.metadata },
  ...(extra.status ? { status: extra.status } : {}),
});

describe("diffPodTemplates", () => {
  it("calls an image change a deploy from the old tag to the new one", () => {
    const diff = diffPodTemplates(template([app("r/checkout:1.4.1")]), template([app("r/checkout:1.4.2")]));
    expect(diff).toMatchObject({ kind: "deploy", from: "1.4.1", to: "1.4.2" });
  });

  it("names the containers when more than one image changed, and shortens digests", () => {
    const before = template([app("r/checkout:1"), { name: "proxy", image: "envoy:1.29" }]);
    const after = template([
      app("r/checkout@sha256:0123456789abcdef0123"),
      { name: "proxy", image: "envoy:1.30" },
    ]);
    expect(diffPodTemplates(before, after)).toMatchObject({
      kind: "deploy",
      from: "app=1, proxy=1.29",
      to: "app=0123456789ab, proxy=1.30",
    });
    expect(versionOf("registry:5000/team/app")).toBe("registry:5000/team/app");
  });

  it("calls an env, envFrom or args change with the same images a config change, listing what changed", () => {
    const before = template([app("r/c:1", { env: [{ name: "POOL", value: "20" }], args: ["--fast"] })]);
    const after = template([
      app("r/c:1", {
        env: [
          { name: "POOL", value: "5" },
          { name: "DB", valueFrom: { secretKeyRef: { name: "db", key: "url" } } },
        ],
        envFrom: [{ configMapRef: { name: "checkout-v2" } }],
        args: ["--fast"],
      }),
    ]);
    const diff = diffPodTemplates(before, after);
    expect(diff.kind).toBe("config");
    expect(diff.from?.split(", ").sort()).toEqual(["DB=(unset)", "POOL=20", "envFrom=(unset)"]);
    expect(diff.to?.split(", ").sort()).toEqual([
      "DB from secret/db.url",
      "POOL=5",
      "envFrom=configMap/checkout-v2",
    ]);
  });

  it("calls a ConfigMap volume swap a config change", () => {
    const volumes = (name: string) => ({ spec: { volumes: [{ name: "conf", configMap: { name } }] } });
    const diff = diffPodTemplates(
      template([app("r/c:1")], volumes("conf-a")),
      template([app("r/c:1")], volumes("conf-b")),
    );
    expect(diff).toMatchObject({
      kind: "config",
      from: "volumes=configMap/conf-a",
      to: "volumes=configMap/conf-b",
    });
  });

  it("records a rollout restart as infra, not as a deploy", () => {
    const restarted = {
      metadata: { annotations: { "kubectl.kubernetes.io/restartedAt": "2024-05-01T10:00:00Z" } },
    };
    const diff = diffPodTemplates(template([app("r/c:1")]), template([app("r/c:1")], restarted));
    expect(diff).toEqual({ kind: "infra", detail: "rollout restart at 2024-05-01T10:00:00Z" });
  });
});

describe("mapRolloutHistory", () => {
  it("turns each revision into a change against the one before, named by the service label", () => {
    const changes = mapRolloutHistory(
      [deployment({ "app.kubernetes.io/name": "checkout-api", app: "other" })],
      [
        replicaSet(
          2,
          "2024-05-01T10:00:00Z",
          template([app("r/c:1.1", { env: [{ name: "A", value: "1" }] })]),
        ),
        replicaSet(
          1,
          "2024-04-30T10:00:00Z",
          template([app("r/c:1.0", { env: [{ name: "A", value: "1" }] })]),
        ),
        replicaSet(
          3,
          "2024-05-01T11:00:00Z",
          template([app("r/c:1.1", { env: [{ name: "A", value: "2" }] })]),
          {
            annotations: { "kubernetes.io/change-cause": "kubectl set env A=2" },
          },
        ),
      ],
    );
    expect(changes).toEqual([
      expect.objectContaining({
        id: "k8s-shop-checkout-rev1",
        kind: "deploy",
        to: "1.0",
        at: "2024-04-30T10:00:00Z",
      }),
      expect.objectContaining({ id: "k8s-shop-checkout-rev2", kind: "deploy", from: "1.0", to: "1.1" }),
      {
        id: "k8s-shop-checkout-rev3",
        kind: "config",
        service: "checkout-api",
        namespace: "shop",
        at: "2024-05-01T11:00:00Z",
        from: "A=1",
        to: "A=2",
        summary: "kubectl set env A=2",
        origin: "kubernetes",
      },
    ]);
    expect(changes[0]?.from).toBeUndefined();
  });

  it("falls back to the app label, then to the Deployment name, for the service", () => {
    const one = [replicaSet(1, "2024-05-01T10:00:00Z", template([app("r/c:1")]))];
    expect(mapRolloutHistory([deployment({ app: "shop-checkout" })], one)[0]?.service).toBe("shop-checkout");
    expect(mapRolloutHistory([], one)[0]?.service).toBe("checkout");
  });

  it("dates a rollback by the ReplicaSet's last write, not by its old creation time", () => {
    const rollback = replicaSet(3, "2024-04-30T10:00:00Z", template([app("r/c:1.0")]), {
      annotations: { "deployment.kubernetes.io/revision-history": "1" },
      managedFields: [
        { manager: "kube-controller-manager", operation: "Update", time: "2024-05-01T12:00:00Z" },
        { manager: "kube-controller-manager", subresource: "status", time: "2024-05-01T12:05:00Z" },
      ],
    });
    const changes = mapRolloutHistory(
      [deployment({})],
      [replicaSet(2, "2024-05-01T10:00:00Z", template([app("r/c:1.1")])), rollback],
    );
    expect(changes.at(-1)).toMatchObject({
      kind: "deploy",
      from: "1.1",
      to: "1.0",
      at: "2024-05-01T12:00:00Z",
    });
  });

  it("leaves out a reused revision whose time cannot be known, but still diffs the next one against it", () => {
    const reused = replicaSet(2, "2024-04-30T10:00:00Z", template([app("r/c:1.0")]), {
      annotations: { "deployment.kubernetes.io/revision-history": "1" },
    });
    const changes = mapRolloutHistory(
      [
        deployment(
          {},
          { metadata: { name: "checkout", annotations: { "deployment.kubernetes.io/revision": "3" } } },
        ),
      ],
      [reused, replicaSet(3, "2024-05-01T10:00:00Z", template([app("r/c:2.0")]))],
    );
    expect(changes.map((change) => change.id)).toEqual(["k8s-shop-checkout-rev3"]);
    expect(changes[0]).toMatchObject({ from: "1.0", to: "2.0" });
  });

  it("ignores ReplicaSets that no Deployment owns", () => {
    const bare = replicaSet(1, "2024-05-01T10:00:00Z", template([app("r/c:1")]));
    bare.metadata.ownerReferences = [];
    expect(mapRolloutHistory([], [bare])).toEqual([]);
  });
});
