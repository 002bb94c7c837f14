import { describe, expect, it } from "vitest";
import { serviceOf, workloadOfPod, workloadOfReplicaSet } from "../../../src/analysis/service-of.ts";

describe("workloadOfPod", () => {
  it.each([
    ["checkout-7d9f8b6c5-x2x9q", "checkout"],
    ["ts-contacts-service-866bd68c97-xcqfx", "ts-contacts-service"],
    ["postgres-0", "postgres"],
    ["node-exporter-x7k2p", "node-exporter"],
    ["nightly-backup-28391234-q8w4z", "nightly-backup"],
    ["redis-cart", "redis-cart"],
    ["api-server", "api-server"],
  ])("reads %s as %s", (pod, workload) => {
    expect(workloadOfPod(pod)).toBe(workload);
  });

  it("strips the ReplicaSet hash from a ReplicaSet name", () => {
    expect(workloadOfReplicaSet("checkout-7d9f8b6c5")).toBe("checkout");
    expect(workloadOfReplicaSet("checkout")).toBe("checkout");
  });
});

describe("serviceOf", () => {
  it("takes an explicit service label first", () => {
    expect(serviceOf({ service: "checkout", app: "shop", pod: "web-7d9f8b6c5-x2x9q" })).toBe("checkout");
  });

  it("falls back through app labels, workload labels and the pod name", () => {
    expect(serviceOf({ app_kubernetes_io_name: "cart", pod: "x-7d9f8b6c5-x2x9q" })).toBe("cart");
    expect(serviceOf({ "app.kubernetes.io/name": "cart" })).toBe("cart");
    expect(serviceOf({ deployment: "payments" })).toBe("payments");
    expect(serviceOf({ pod: "payments-db-0", container: "postgres" })).toBe("payments-db");
  });

  it("skips generic container names and exporter jobs", () => {
    expect(serviceOf({ container: "server", job: "kubernetes-pods" })).toBeNull();
    expect(serviceOf({ container: "ledger" })).toBe("ledger");
    expect(serviceOf({ job: "shop/checkout" })).toBe("checkout");
    expect(serviceOf({ job: "node-exporter" })).toBeNull();
    expect(serviceOf({})).toBeNull();
  });
});

describe("serviceOf for exporters and consumer groups", () => {
  it("does not take an exporter's scrape job for a service", () => {
    expect(
      serviceOf({ __name__: "kafka_consumergroup_lag", job: "kafka-exporter", topic: "events" }),
    ).toBeNull();
  });

  it("gives consumer lag to the consumer group's service", () => {
    expect(
      serviceOf({ __name__: "kafka_consumergroup_lag", job: "kafka-exporter", consumergroup: "dedupe" }),
    ).toBe("dedupe");
  });
});
