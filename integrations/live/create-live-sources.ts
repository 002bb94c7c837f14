import type { SourcesSettings } from "../../src/config/sections/sources-section.ts";
import type { ChangeSource } from "../../src/ports/change-source.ts";
import type { DataSources } from "../../src/ports/data-sources.ts";
import type { MetricsSource } from "../../src/ports/metrics-source.ts";
import type { TopologyEdge } from "../../src/ports/topology-source.ts";
import { createArgocdChangeSource } from "../argocd/create-argocd-change-source.ts";
import { createGithubChangeSource } from "../github/create-github-change-source.ts";
import { createKubernetesChangeSource } from "../kubernetes/create-kubernetes-change-source.ts";
import { createLokiSource } from "../loki/create-loki-source.ts";
import { createPrometheusSource } from "../prometheus/create-prometheus-source.ts";
import { createUnavailableSource } from "../replay/unavailable-sources.ts";
import { createKubernetesClientFromSettings } from "./create-kubernetes-client-from-settings.ts";
import { mergeChangeSources } from "./merge-change-sources.ts";

export interface LiveSourcesDeps {
  /** The service catalog (`services:` in vigil.yaml): its `dependsOn` lists are topology edges. */
  services: ReadonlyArray<{ name: string; dependsOn: readonly string[] }>;
  /** Metrics from elsewhere; by default Prometheus from `sources.prometheus`. */
  metrics?: MetricsSource;
  /** For the HTTP sources (Prometheus, Loki, Argo CD, GitHub); tests pass their own. */
  fetch?: typeof fetch;
}

const unconfigured = (what: string, key: string) => `no ${what} source is configured (${key} in vigil.yaml)`;

/**
 * The sources of a live investigation, built from `sources:` in vigil.yaml. A source that is not
 * configured answers `SourceUnavailableError` on use, so the investigation still runs and lists it
 * as a gap. Change history merges every configured system (Kubernetes rollouts, Argo CD, GitHub);
 * topology is the catalog's `dependsOn` plus `sources.topology.edges`.
 * Nothing is contacted here: each source connects on first use.
 */
export function createLiveSources(settings: SourcesSettings | null, deps: LiveSourcesDeps): DataSources {
  const fetchOption = deps.fetch ? { fetch: deps.fetch } : {};
  const prometheus = settings?.prometheus;
  const metrics =
    deps.metrics ??
    (prometheus
      ? createPrometheusSource({
          url: prometheus.url,
          auth: prometheus.auth,
          timeoutMs: prometheus.timeoutMs,
          retries: prometheus.retries,
          headers: prometheus.headers,
          ...fetchOption,
        })
      : createUnavailableSource("metrics", unconfigured("metrics", "sources.prometheus")));

  const loki = settings?.loki;
  const logs = loki
    ? createLokiSource({
        url: loki.url,
        auth: loki.auth,
        timeoutMs: loki.timeoutMs,
        ...(loki.tenant ? { tenant: loki.tenant } : {}),
        ...fetchOption,
      })
    : createUnavailableSource("logs", unconfigured("log", "sources.loki"));

  const kubernetes = settings?.kubernetes;
  const cluster = kubernetes
    ? createKubernetesClientFromSettings(kubernetes)
    : createUnavailableSource("cluster", unconfigured("Kubernetes", "sources.kubernetes"));

  const changeSources: Array<{ name: string; source: ChangeSource }> = [];
  if (kubernetes?.changes) {
    changeSources.push({
      name: "kubernetes",
      source: createKubernetesChangeSource({ cluster, namespaces: kubernetes.namespaces }),
    });
  }
  if (settings?.argocd) {
    const { url, token, applications, timeoutMs } = settings.argocd;
    changeSources.push({
      name: "argocd",
      source: createArgocdChangeSource({ url, token, applications, timeoutMs, ...fetchOption }),
    });
  }
  if (settings?.github) {
    const { url, token, repos, timeoutMs } = settings.github;
    changeSources.push({
      name: "github",
      source: createGithubChangeSource({ url, token, repos, timeoutMs, ...fetchOption }),
    });
  }
  const changes =
    changeSources.length > 0
      ? mergeChangeSources(changeSources)
      : createUnavailableSource(
          "changes",
          unconfigured("change-history", "sources.kubernetes, sources.argocd or sources.github"),
        );

  const edges = topologyEdges(deps.services, settings?.topology.edges ?? []);
  // A catalog without any dependsOn is a topology that knows no edges (empty); with neither a catalog
  // nor static edges, topology was never configured.
  const topology =
    edges.length > 0 || deps.services.length > 0
      ? {
          async edges(signal?: AbortSignal) {
            signal?.throwIfAborted();
            return edges.map((edge) => ({ ...edge }));
          },
        }
      : createUnavailableSource(
          "topology",
          unconfigured("topology", "services[].dependsOn or sources.topology.edges"),
        );

  return { metrics, logs, changes, cluster, topology };
}

/** `dependsOn` of every catalog entry plus the static edges, each edge once. */
export function topologyEdges(
  services: LiveSourcesDeps["services"],
  staticEdges: readonly TopologyEdge[],
): TopologyEdge[] {
  const seen = new Set<string>();
  const edges: TopologyEdge[] = [];
  const add = (from: string, to: string) => {
    const key = JSON.stringify([from, to]);
    if (seen.has(key)) return;
    seen.add(key);
    edges.push({ from, to });
  };
  for (const service of services) for (const dependency of service.dependsOn) add(service.name, dependency);
  for (const edge of staticEdges) add(edge.from, edge.to);
  return edges;
}
