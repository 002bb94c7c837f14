import { describe, expect, it } from "vitest";
import { createServiceIdentifier } from "../../../integrations/prometheus/identify-service.ts";
import { createServiceLabelMapping } from "../../../integrations/prometheus/service-label-mapping.ts";
import { createReplayMetricsSource } from "../../../integrations/replay/replay-metrics-source.ts";
import type { InvestigationScope } from "../../../src/agent/investigation-scope.ts";
import { createMetricsInvestigator } from "../../../src/agent/investigators/metrics-investigator.ts";
import { readSignals } from "../../../src/agent/investigators/read-signals.ts";
import { groupSeries } from "../../../src/agent/investigators/series-groups.ts";
import type { DataSources } from "../../../src/ports/data-sources.ts";
import type { MetricsSource } from "../../../src/ports/metrics-source.ts";
import { clusterShaped, type FixtureSeries, NOW, replayShaped, T0 } from "./cluster-label-fixture.ts";

const RANGE = { start: T0, end: NOW, stepSeconds: 60 };
const ALL = ['{__name__=~".+"}'];
const SERVICES = new Set(["checkout", "payments"]);

/** The replay evaluator stands in for Prometheus; it records the queries it was asked. */
function backend(series: FixtureSeries[]) {
  const source = createReplayMetricsSource({ series, nowSeconds: NOW });
  const queries: string[] = [];
  const recording: MetricsSource = {
    queryRange: (query, range, signal) => {
      queries.push(query);
      return source.queryRange(query, range, signal);
    },
    series: (matchers, range, signal) => source.series(matchers, range, signal),
  };
  return { source: recording, queries };
}

const groupKeys = (labelSets: Parameters<typeof groupSeries>[0]) =>
  groupSeries(labelSets, SERVICES)
    .map((group) => `${group.name} ${group.service} ${group.signal}`)
    .sort();

describe("service identity on real-cluster labels", () => {
  it("sees through kubelet, kube-state-metrics and PodMonitor labels to the workload", () => {
    const identify = createServiceIdentifier();
    expect(clusterShaped().map((series) => identify(series.metric)?.service)).toEqual([
      "checkout",
      "checkout",
      "payments",
      "payments",
      "checkout",
      "checkout",
    ]);
  });

  it("prefers the subject's exported_ labels over the scrape target's", () => {
    const identify = createServiceIdentifier();
    const restarts = {
      __name__: "kube_pod_container_status_restarts_total",
      exported_namespace: "shop",
      exported_pod: "cart-6b7c9d8f5-q2w4r",
      exported_container: "cart",
      namespace: "monitoring",
      pod: "kube-state-metrics-7f6d5c4b3-zzzzz",
      container: "kube-state-metrics",
      job: "kubernetes-service-endpoints",
    };
    expect(identify(restarts)).toMatchObject({
      service: "cart",
      keys: ["exported_container", "exported_pod"],
    });
  });

  it("takes the catalog's matchers first, within the entry's namespace", () => {
    const identify = createServiceIdentifier([
      { name: "checkout", namespace: "shop", labels: { app_kubernetes_io_instance: "co-prod" } },
    ]);
    const labels = {
      __name__: "up",
      app_kubernetes_io_instance: "co-prod",
      service: "co-svc",
      namespace: "shop",
    };
    expect(identify(labels)).toEqual({
      service: "checkout",
      keys: ["app_kubernetes_io_instance", "namespace"],
      catalogMatchers: { app_kubernetes_io_instance: "co-prod", namespace: "shop" },
    });
    expect(identify({ ...labels, namespace: "staging" })?.service).toBe("co-svc");
  });

  it("names no service for series that only describe an exporter", () => {
    const identify = createServiceIdentifier();
    expect(
      identify({
        __name__: "kube_node_status_condition",
        node: "node-a",
        service: "kube-prometheus-stack-kube-state-metrics",
        pod: "kube-prometheus-stack-kube-state-metrics-6d9f8b7c4-abcde",
        container: "kube-state-metrics",
        job: "kube-state-metrics",
      }),
    ).toBeNull();
  });
});

describe("createServiceLabelMapping", () => {
  it("leaves series labelled the replay way exactly as the source gave them", async () => {
    const plain = backend(replayShaped()).source;
    const mapped = createServiceLabelMapping({ source: plain });
    expect(await mapped.series(ALL, RANGE)).toEqual(await plain.series(ALL, RANGE));
  });

  it("lets the investigators group a real cluster's series under the same services as a replay's", async () => {
    const mapped = createServiceLabelMapping({ source: backend(clusterShaped()).source });
    const replay = backend(replayShaped()).source;
    const clusterGroups = groupKeys(await mapped.series(ALL, RANGE));
    expect(clusterGroups).toEqual(groupKeys(await replay.series(ALL, RANGE)));
    expect(clusterGroups).toContain("container_cpu_usage_seconds_total checkout cpu");
  });

  it("translates the virtual service matcher in the investigators' queries to the labels that select it", async () => {
    const cluster = backend(clusterShaped());
    const mapped = createServiceLabelMapping({ source: cluster.source });
    const replay = backend(replayShaped()).source;
    const signal = new AbortController().signal;
    const clusterGroups = groupSeries(await mapped.series(ALL, RANGE), SERVICES);
    const replayGroups = groupSeries(await replay.series(ALL, RANGE), SERVICES);

    for (const group of clusterGroups) {
      const twin = replayGroups.find((other) => other.name === group.name && other.service === group.service);
      const [ours, theirs] = await Promise.all([
        readSignals(mapped, group, RANGE, signal),
        readSignals(replay, twin ?? group, RANGE, signal),
      ]);
      expect(ours.map((item) => [item.signal, item.points])).toEqual(
        theirs.map((item) => [item.signal, item.points]),
      );
      expect(ours.length).toBeGreaterThan(0);
    }
    const cpuQuery = cluster.queries.find((query) => query.includes("container_cpu_usage_seconds_total"));
    expect(cpuQuery).toContain('pod="checkout-7d9f8b6c5-x2x9q"');
    expect(cpuQuery).not.toContain('service="checkout"');
  });

  it("finds the same kind of fault in a real cluster's labels as in the replay's", async () => {
    const scope: InvestigationScope = {
      focus: "checkout",
      namespace: "shop",
      services: ["checkout", "payments"],
      knownServices: ["checkout", "payments"],
      window: { start: T0, end: NOW },
      alertStart: NOW - 600,
      now: NOW,
      topology: [],
      podNodes: {},
      workloads: {},
      memoryLimits: {},
    };
    const run = async (metrics: MetricsSource) => {
      const result = await createMetricsInvestigator().run(
        scope,
        { metrics } as DataSources,
        new AbortController().signal,
      );
      return result.findings.map(
        (finding) => `${finding.service} ${finding.kind} ${finding.score.toFixed(3)}`,
      );
    };
    const replayFindings = await run(backend(replayShaped()).source);
    const clusterFindings = await run(createServiceLabelMapping({ source: backend(clusterShaped()).source }));
    expect(clusterFindings).toEqual(replayFindings);
    expect(replayFindings[0]).toMatch(/^checkout cpu-saturation/);
  });

  it("drops labels that name only the exporter, so a volume's or a node's series names no service", async () => {
    const volume: FixtureSeries = {
      metric: {
        __name__: "kubelet_volume_stats_available_bytes",
        namespace: "shop",
        persistentvolumeclaim: "data-orders-db-0",
        node: "node-a",
        job: "kubelet",
        metrics_path: "/metrics",
        service: "kube-prometheus-stack-kubelet",
      },
      values: [[NOW - 60, "1024"]],
    };
    const mapped = createServiceLabelMapping({ source: backend([volume]).source });

    const [labels] = await mapped.series(ALL, RANGE);

    expect(labels).toEqual({
      __name__: "kubelet_volume_stats_available_bytes",
      namespace: "shop",
      persistentvolumeclaim: "data-orders-db-0",
      node: "node-a",
      job: "kubelet",
      metrics_path: "/metrics",
    });
    expect(groupKeys([labels ?? {}])).toEqual([]);
    expect(groupSeries([labels ?? {}], new Set(["orders-db"])).map((group) => group.service)).toEqual([
      "orders-db",
    ]);
  });

  it("asks for {service=x} by the catalog's matchers and the common workload labels too", async () => {
    const extra: FixtureSeries = {
      metric: { __name__: "queue_depth", app_kubernetes_io_instance: "co-prod", namespace: "shop" },
      values: [[NOW - 60, "3"]],
    };
    const cluster = backend([...clusterShaped(), extra]);
    const mapped = createServiceLabelMapping({
      source: cluster.source,
      services: [{ name: "checkout", labels: { app_kubernetes_io_instance: "co-prod" } }],
    });

    const found = await mapped.series(['{service="checkout"}'], RANGE);

    expect(found.map((labels) => labels.__name__).sort()).toEqual([
      "container_cpu_usage_seconds_total",
      "http_requests_total",
      "http_requests_total",
      "kube_deployment_status_replicas_available",
      "queue_depth",
    ]);
    expect(new Set(found.map((labels) => labels.service ?? labels.deployment ?? labels.pod))).not.toContain(
      "payments",
    );
    const [depth] = await mapped.queryRange('max({__name__="queue_depth", service="checkout"})', {
      start: NOW - 60,
      end: NOW - 60,
      stepSeconds: 60,
    });
    expect(depth?.values).toEqual([[NOW - 60, 3]]);
    expect(cluster.queries.at(-1)).toBe(
      'max({__name__="queue_depth", app_kubernetes_io_instance="co-prod"})',
    );
  });
});
