import { describe, expect, it } from "vitest";
import type { KubernetesObject } from "../../../src/ports/cluster-reader.ts";
import { collectChanges, collectKubernetesObjects } from "../../../src/record/collect-recorded-objects.ts";

const deployment = (replicas: number): KubernetesObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: {
    name: "checkout",
    namespace: "shop",
    managedFields: [{ manager: "kubectl" }],
    annotations: {
      "deployment.kubernetes.io/revision": "7",
      "kubectl.kubernetes.io/last-applied-configuration": '{"spec":{"env":"DB_PASSWORD=hunter2"}}',
    },
  },
  spec: {
    replicas,
    template: {
      spec: {
        containers: [
          {
            name: "checkout",
            env: [
              { name: "DB_PASSWORD", value: "hunter2" },
              { name: "STRIPE_API_KEY", value: "sk_live_123" },
              { name: "UPSTREAM_TIMEOUT", value: "300ms" },
              { name: "SESSION_TOKEN", valueFrom: { secretKeyRef: { name: "s", key: "t" } } },
            ],
          },
        ],
      },
    },
  },
});

describe("collectKubernetesObjects", () => {
  it("writes no Secret and no credential-looking env value, and keeps everything the pipeline reads", () => {
    const secret: KubernetesObject = {
      kind: "Secret",
      metadata: { name: "stripe", namespace: "shop" },
      data: { key: "c2tfbGl2ZQ==" },
    };

    const [written, ...rest] = collectKubernetesObjects([deployment(3), secret]);
    const text = JSON.stringify(written);

    expect(rest).toEqual([]);
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("sk_live_123");
    expect(text).not.toContain("managedFields");
    expect(text).toContain('"UPSTREAM_TIMEOUT","value":"300ms"');
    expect(text).toContain("secretKeyRef");
    expect(written?.metadata.annotations).toEqual({ "deployment.kubernetes.io/revision": "7" });
    expect(written?.spec?.replicas).toBe(3);
  });

  it("keeps one copy per object, the last one read", () => {
    const objects = collectKubernetesObjects([deployment(3), deployment(5)]);

    expect(objects).toHaveLength(1);
    expect(objects[0]?.spec?.replicas).toBe(5);
  });

  it("leaves the objects it was given untouched", () => {
    const original = deployment(3);
    collectKubernetesObjects([original]);

    expect(JSON.stringify(original)).toContain("hunter2");
  });
});

describe("collectChanges", () => {
  it("keeps each change once by id, oldest first", () => {
    const deploy = { id: "a", kind: "deploy", service: "checkout", at: "2024-05-01T11:50:00Z" };
    const flag = { id: "b", kind: "feature-flag", service: "pricing", at: "2024-05-01T11:00:00Z" };

    expect(collectChanges([[deploy], [flag, deploy]])).toEqual([flag, deploy]);
  });
});
