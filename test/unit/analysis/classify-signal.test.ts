import { describe, expect, it } from "vitest";
import { classifySignal } from "../../../src/analysis/classify-signal.ts";

const signalOf = (labels: Record<string, string>) => classifySignal(labels).signal;

describe("classifySignal", () => {
  it("splits request counters into errors and requests by status code", () => {
    expect(signalOf({ __name__: "http_requests_total", code: "503" })).toBe("errors");
    expect(signalOf({ __name__: "http_requests_total", status: "5xx" })).toBe("errors");
    expect(signalOf({ __name__: "http_requests_total", code: "429" })).toBe("errors");
    expect(signalOf({ __name__: "http_requests_total", code: "200" })).toBe("requests");
    expect(signalOf({ __name__: "http_requests_total", code: "404" })).toBe("requests");
  });

  it("treats server-side gRPC codes as errors and client mistakes as requests", () => {
    expect(signalOf({ __name__: "grpc_server_handled_total", grpc_code: "Unavailable" })).toBe("errors");
    expect(signalOf({ __name__: "grpc_server_handled_total", grpc_code: "OK" })).toBe("requests");
    expect(signalOf({ __name__: "grpc_server_handled_total", grpc_code: "NotFound" })).toBe("requests");
  });

  it("reads Spring's http_server_requests_seconds family", () => {
    expect(
      classifySignal({ __name__: "http_server_requests_seconds_bucket", status: "500", le: "0.5" }),
    ).toMatchObject({
      signal: "latency",
      isCounter: true,
      isBucket: true,
      unitHint: "seconds",
    });
    expect(
      signalOf({ __name__: "http_server_requests_seconds_count", status: "500", outcome: "SERVER_ERROR" }),
    ).toBe("errors");
    expect(signalOf({ __name__: "http_server_requests_seconds_count", status: "200" })).toBe("requests");
    expect(signalOf({ __name__: "http_server_requests_seconds_max" })).toBe("latency");
  });

  it.each([
    ["container_cpu_usage_seconds_total", "cpu"],
    ["container_cpu_cfs_throttled_periods_total", "cpu-throttle"],
    ["container_memory_working_set_bytes", "memory"],
    ["container_spec_memory_limit_bytes", "memory-limit"],
    ["container_oom_events_total", "memory-limit"],
    ["kube_pod_container_status_restarts_total", "restarts"],
    ["kube_deployment_status_replicas_available", "availability"],
    ["node_filesystem_avail_bytes", "disk"],
    ["kubelet_volume_stats_used_bytes", "disk"],
    ["node_network_receive_errs_total", "network"],
    ["hikaricp_connections_pending", "pool-wait"],
    ["hikaricp_connections_active", "pool-usage"],
    ["pgbouncer_pools_client_waiting_connections", "pool-wait"],
    ["pg_stat_activity_count", "pool-usage"],
    ["kafka_consumergroup_lag", "lag"],
    ["probe_ssl_earliest_cert_expiry", "cert-expiry"],
    ["coredns_dns_responses_total", "dns"],
    ["probe_success", "availability"],
    ["up", "availability"],
    ["process_start_time_seconds", "other"],
    ["go_goroutines", "other"],
  ])("classifies the well-known %s as %s", (name, signal) => {
    expect(signalOf({ __name__: name })).toBe(signal);
  });

  it.each([
    ["pod_server_latency_p90_seconds", "latency"],
    ["front_service_success_rate_percent", "availability"],
    ["cpu_usage_rate_percent", "cpu"],
    ["memory_usage_mebibytes", "memory"],
    ["pod_workload_ops", "requests"],
    ["network_receive_bytes", "network"],
    ["checkout_payment_failures_total", "errors"],
    ["orders_db_pool_in_use", "pool-usage"],
    ["billing_queue_depth", "saturation"],
    ["ledger_replication_lag_seconds", "lag"],
  ])("falls back to name fragments for the unknown exporter metric %s", (name, signal) => {
    expect(signalOf({ __name__: name })).toBe(signal);
  });

  it("counts a histogram's _count as requests and ignores kube-state-metrics' status=true as an outcome", () => {
    expect(signalOf({ __name__: "http_request_duration_seconds_count", route: "/v1/rates" })).toBe(
      "requests",
    );
    expect(
      classifySignal({ __name__: "kube_node_status_condition", condition: "Ready", status: "true" }),
    ).toMatchObject({
      signal: "availability",
      scope: "node",
    });
  });

  it("knows where postgres_exporter breaks the counter suffix convention", () => {
    expect(classifySignal({ __name__: "pg_stat_activity_count", state: "active" })).toMatchObject({
      signal: "pool-usage",
      isCounter: false,
    });
    expect(classifySignal({ __name__: "pg_stat_database_xact_commit" }).isCounter).toBe(true);
    expect(signalOf({ __name__: "pg_stat_activity_max_tx_duration" })).toBe("latency");
  });

  it("names the dependency a client-side series measures", () => {
    expect(
      classifySignal({ __name__: "http_client_requests_total", upstream: "stripe", code: "429" }),
    ).toMatchObject({ signal: "errors", peer: "stripe" });
    expect(classifySignal({ __name__: "http_requests_total", code: "200" }).peer).toBeNull();
  });

  it("hints units, direction and scope", () => {
    expect(classifySignal({ __name__: "node_cpu_usage_rate_percent" })).toMatchObject({
      signal: "cpu",
      unitHint: "percent",
      worseWhen: "up",
      scope: "node",
      isCounter: false,
    });
    expect(classifySignal({ __name__: "node_filesystem_avail_bytes" }).worseWhen).toBe("down");
    expect(classifySignal({ __name__: "front_service_success_rate_percent" }).worseWhen).toBe("down");
    expect(classifySignal({ __name__: "cpu_usage_millicores" }).unitHint).toBe("millicores");
    expect(classifySignal({ __name__: "memory_usage_mebibytes" }).unitHint).toBe("mebibytes");
    expect(classifySignal({}).signal).toBe("other");
  });
});
