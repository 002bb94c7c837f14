import { describe, expect, it } from "vitest";
import { groupSeries } from "../../../src/agent/investigators/series-groups.ts";

const services = new Set(["checkout", "payments", "stripe", "cart"]);

describe("groupSeries", () => {
  it("groups a service's series by its service label and selects exactly them", () => {
    const [group] = groupSeries(
      [
        {
          __name__: "http_requests_total",
          service: "checkout",
          code: "200",
          pod: "checkout-7d9f8b6c5-x2x9q",
        },
        {
          __name__: "http_requests_total",
          service: "checkout",
          code: "500",
          pod: "checkout-7d9f8b6c5-x2x9q",
        },
      ],
      services,
    );
    expect(group).toMatchObject({
      service: "checkout",
      signal: "requests",
      isCounter: true,
      outcomeLabel: "code",
      selector: '{__name__="http_requests_total", service="checkout"}',
    });
  });

  it("finds the service of cAdvisor series through their pods", () => {
    const [group] = groupSeries(
      [
        {
          __name__: "container_memory_working_set_bytes",
          namespace: "shop",
          pod: "cart-5c9d7f6b8d-q8wzt",
          container: "cart",
        },
      ],
      services,
    );
    expect(group?.service).toBe("cart");
    expect(group?.selector).toContain("cart");
  });

  it("selects kube-state-metrics series by the label that names the workload, not the shared job", () => {
    const groups = groupSeries(
      [
        {
          __name__: "kube_deployment_status_replicas_available",
          deployment: "cart",
          job: "kube-state-metrics",
        },
        {
          __name__: "kube_deployment_status_replicas_available",
          deployment: "payments",
          job: "kube-state-metrics",
        },
      ],
      services,
    );
    expect(groups.map((group) => group.selector).sort()).toEqual([
      '{__name__="kube_deployment_status_replicas_available", deployment="cart"}',
      '{__name__="kube_deployment_status_replicas_available", deployment="payments"}',
    ]);
  });

  it("lays a client-side series on the dependency it measures", () => {
    const [group] = groupSeries(
      [
        {
          __name__: "http_client_request_duration_seconds_bucket",
          service: "checkout",
          upstream: "api.stripe.com",
          le: "0.5",
        },
      ],
      services,
    );
    expect(group).toMatchObject({ service: "stripe", isBucket: true });
    expect(group?.selector).toBe(
      '{__name__="http_client_request_duration_seconds_bucket", upstream="api.stripe.com"}',
    );
  });

  it("drops histogram _sum and _count beside their buckets, and series of unknown services", () => {
    const groups = groupSeries(
      [
        { __name__: "latency_seconds_bucket", service: "cart", le: "1" },
        { __name__: "latency_seconds_count", service: "cart" },
        { __name__: "latency_seconds_sum", service: "cart" },
        { __name__: "latency_seconds_bucket", service: "unknown-thing", le: "1" },
      ],
      services,
    );
    expect(groups.map((group) => `${group.service}:${group.name}`)).toEqual(["cart:latency_seconds_bucket"]);
  });
});

describe("groupSeries for volume claims", () => {
  it("gives a StatefulSet's volume series to the StatefulSet", () => {
    const [group] = groupSeries(
      [
        {
          __name__: "kubelet_volume_stats_available_bytes",
          namespace: "data",
          persistentvolumeclaim: "data-clickhouse-0",
        },
      ],
      new Set(["clickhouse", "loader"]),
    );
    expect(group).toMatchObject({
      service: "clickhouse",
      selector:
        '{__name__="kubelet_volume_stats_available_bytes", persistentvolumeclaim="data-clickhouse-0"}',
    });
  });
});

describe("groupSeries for client-side summaries", () => {
  it("reads a gRPC client's mean latency from _sum and _count and lays it on the service it calls", () => {
    const groups = groupSeries(
      [
        {
          __name__: "grpc_client_handling_seconds_sum",
          service: "playback",
          grpc_service: "drm.v1.LicenseService",
        },
        {
          __name__: "grpc_client_handling_seconds_count",
          service: "playback",
          grpc_service: "drm.v1.LicenseService",
        },
      ],
      new Set(["playback", "drm-license"]),
    );
    const mean = groups.find((group) => group.isAverage);
    expect(mean).toMatchObject({ service: "drm-license", signal: "latency", viaCallers: true });
    expect(mean?.selector).toBe(
      '{__name__="grpc_client_handling_seconds_sum", grpc_service="drm.v1.LicenseService"}',
    );
  });
});
