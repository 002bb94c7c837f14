import type { KubernetesSettings } from "../../src/config/sections/sources-section.ts";
import type { ClusterReader } from "../../src/ports/cluster-reader.ts";
import type { ClusterWriter } from "../../src/ports/cluster-writer.ts";
import { createKubernetesClient } from "../kubernetes/create-kubernetes-client.ts";

/**
 * The Kubernetes client `sources.kubernetes` describes: the reader for investigations, and the
 * writer the mitigation executor holds (the same connection; RBAC decides what it may change).
 */
export function createKubernetesClientFromSettings(
  settings: KubernetesSettings,
): ClusterReader & ClusterWriter {
  return createKubernetesClient({
    timeoutMs: settings.timeoutMs,
    ...(settings.inCluster ? { inCluster: true } : {}),
    ...(settings.url !== null ? { url: settings.url } : {}),
    ...(settings.token !== null ? { token: settings.token } : {}),
    ...(settings.caFile !== null ? { caFile: settings.caFile } : {}),
    ...(settings.kubeconfig !== null ? { kubeconfig: settings.kubeconfig } : {}),
    ...(settings.context !== null ? { context: settings.context } : {}),
  });
}
