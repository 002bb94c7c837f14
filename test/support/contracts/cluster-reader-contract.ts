import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClusterReader, KubernetesObject } from "../../../src/ports/cluster-reader.ts";
import { SourceUnavailableError } from "../../../src/ports/source-errors.ts";
import type { ContractHarness, MakeSource, MakeUnavailableSource } from "./contract-harness.ts";

export interface ClusterFixture {
  now: number;
  objects: KubernetesObject[];
}

const pod = (namespace: string, name: string, phase: string): KubernetesObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace, labels: { app: name.replace(/-[a-z0-9]+$/, "") } },
  spec: { nodeName: "node-a", containers: [{ name: "app", image: `registry.example/${name}:1` }] },
  status: { phase },
});

export function clusterContractFixture(): ClusterFixture {
  return {
    now: 1_714_561_200,
    objects: [
      pod("shop", "checkout-7d9f", "Running"),
      pod("shop", "payments-5c2a", "Running"),
      pod("ops", "backup-9x1z", "Failed"),
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "checkout", namespace: "shop" },
        spec: { replicas: 2 },
        status: { readyReplicas: 1 },
      },
      {
        apiVersion: "v1",
        kind: "Node",
        metadata: { name: "node-a" },
        status: { conditions: [{ type: "Ready", status: "True" }] },
      },
    ],
  };
}

/** The behaviour every `ClusterReader` shares with the API server: list, namespace scope, get, null. */
export function describeClusterReaderContract(
  name: string,
  make: MakeSource<ClusterFixture, ClusterReader>,
  makeUnavailable: MakeUnavailableSource<ClusterReader>,
): void {
  describe(`ClusterReader contract: ${name}`, () => {
    let harness: ContractHarness<ClusterReader>;

    beforeAll(async () => {
      harness = await make(clusterContractFixture());
    });
    afterAll(async () => {
      await harness?.close();
    });

    it("lists the objects of one kind across namespaces", async () => {
      const pods = await harness.source.list("Pod");
      expect(pods.map((object) => object.metadata.name).sort()).toEqual([
        "backup-9x1z",
        "checkout-7d9f",
        "payments-5c2a",
      ]);
      expect(pods.every((object) => object.kind === "Pod")).toBe(true);
    });

    it("lists only the given namespace when one is given", async () => {
      const pods = await harness.source.list("Pod", "shop");
      expect(pods.map((object) => object.metadata.name).sort()).toEqual(["checkout-7d9f", "payments-5c2a"]);
      expect(await harness.source.list("Pod", "empty-namespace")).toEqual([]);
    });

    it("gets one object with its spec and status", async () => {
      const deployment = await harness.source.get("Deployment", "shop", "checkout");
      expect(deployment).toMatchObject({
        kind: "Deployment",
        metadata: { name: "checkout", namespace: "shop" },
      });
      expect(deployment?.spec).toMatchObject({ replicas: 2 });
      expect(deployment?.status).toMatchObject({ readyReplicas: 1 });
      const node = await harness.source.get("Node", undefined, "node-a");
      expect(node?.metadata.name).toBe("node-a");
    });

    it("answers null for an object that does not exist", async () => {
      expect(await harness.source.get("Deployment", "shop", "no-such-deployment")).toBeNull();
      expect(await harness.source.get("Deployment", "ops", "checkout")).toBeNull();
    });

    it("rejects with SourceUnavailableError when the API server cannot be asked", async () => {
      const down = await makeUnavailable();
      try {
        await expect(down.source.list("Pod")).rejects.toBeInstanceOf(SourceUnavailableError);
        await expect(down.source.get("Deployment", "shop", "checkout")).rejects.toBeInstanceOf(
          SourceUnavailableError,
        );
      } finally {
        await down.close();
      }
    });
  });
}
