import { createHttpFailover } from "../../integrations/failover/create-http-failover.ts";
import { createConfigMapFlagSource } from "../../integrations/flagd/create-config-map-flag-source.ts";
import { createFileFlagSource } from "../../integrations/flagd/create-file-flag-source.ts";
import { createFlagdFlagStore } from "../../integrations/flagd/create-flagd-flag-store.ts";
import { createKubernetesClientFromSettings } from "../../integrations/live/create-kubernetes-client-from-settings.ts";
import type { MitigationDeps } from "../agent/create-investigation.ts";
import type { VigilConfig } from "../config/index.ts";
import type { MitigationStore } from "../mitigation/mitigation-store.ts";
import type { ClusterReader } from "../ports/cluster-reader.ts";
import type { ClusterWriter } from "../ports/cluster-writer.ts";

/**
 * What executes mitigations here, from `sources.kubernetes` and `policy` in vigil.yaml: the same
 * Kubernetes connection reads and writes (its RBAC decides what it may change); flagd and failover
 * only when configured. A part that is not configured leaves its actions plan-only.
 */
export function createMitigationDeps(config: VigilConfig, store: MitigationStore): MitigationDeps {
  const kubernetes = config.sources?.kubernetes;
  const cluster: (ClusterReader & ClusterWriter) | null = kubernetes
    ? createKubernetesClientFromSettings(kubernetes)
    : null;
  const flagd = config.policy?.flagd;
  const flagDocument = !flagd
    ? null
    : flagd.configMap
      ? cluster
        ? createConfigMapFlagSource({ cluster, ...flagd.configMap })
        : null
      : flagd.file
        ? createFileFlagSource(flagd.file)
        : null;
  const failover = config.policy?.failover;
  return {
    store,
    cluster,
    writer: cluster,
    flags:
      flagd && flagDocument
        ? createFlagdFlagStore({ document: flagDocument, ofrep: { url: flagd.ofrepUrl } })
        : null,
    failover: failover
      ? createHttpFailover({ url: failover.url, token: config.policy?.failoverToken ?? null })
      : null,
  };
}
