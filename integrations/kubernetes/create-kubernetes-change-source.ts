import type { ChangeSource } from "../../src/ports/change-source.ts";
import type { ClusterReader } from "../../src/ports/cluster-reader.ts";
import { SourceQueryError } from "../../src/ports/source-errors.ts";
import { inRangeOldestFirst } from "../live/in-range-oldest-first.ts";
import { mapRolloutHistory } from "./map-rollout-history.ts";

export interface KubernetesChangeSourceOptions {
  /** Usually the client from `createKubernetesClient`. */
  cluster: ClusterReader;
  /** Only these namespaces; all when absent (needs cluster-wide list on replicasets and deployments). */
  namespaces?: readonly string[];
}

/**
 * Deploys and config changes from Deployment rollout history (ReplicaSet revisions), for clusters
 * where no CD system records them. It sees only what the cluster still holds: `revisionHistoryLimit`
 * (default 10) revisions per Deployment. StatefulSet and DaemonSet history (ControllerRevisions) is
 * not read.
 */
export function createKubernetesChangeSource(options: KubernetesChangeSourceOptions): ChangeSource {
  const scopes = options.namespaces?.length ? [...options.namespaces] : [undefined];
  return {
    async list(range, signal) {
      if (!Number.isFinite(range.start) || !Number.isFinite(range.end) || range.end < range.start) {
        throw new SourceQueryError("changes", "end must be a time at or after start");
      }
      const perScope = await Promise.all(
        scopes.map(async (namespace) => {
          const [deployments, replicaSets] = await Promise.all([
            options.cluster.list("Deployment", namespace, signal),
            options.cluster.list("ReplicaSet", namespace, signal),
          ]);
          return mapRolloutHistory(deployments, replicaSets);
        }),
      );
      return inRangeOldestFirst(perScope.flat(), range);
    },
  };
}
