import { parseQuantity } from "../../analysis/index.ts";
import type { ClusterReader } from "../../ports/cluster-reader.ts";

const WORKLOADS = ["Deployment", "StatefulSet", "DaemonSet"];

interface ContainerSpec {
  resources?: { limits?: { memory?: string } };
}

/**
 * Each workload's memory limit in bytes (its largest container limit), from the cluster's specs.
 * Without cluster access this is empty: the limit then comes from metrics, or is unknown.
 */
export async function memoryLimits(
  cluster: ClusterReader,
  signal: AbortSignal,
): Promise<Map<string, number>> {
  const limits = new Map<string, number>();
  try {
    const lists = await Promise.all(WORKLOADS.map((kind) => cluster.list(kind, undefined, signal)));
    for (const workload of lists.flat()) {
      const template = workload.spec?.template as { spec?: { containers?: ContainerSpec[] } } | undefined;
      const bytes = (template?.spec?.containers ?? []).flatMap((container) => {
        const limit = container.resources?.limits?.memory;
        const parsed = limit ? parseQuantity(limit) : null;
        return parsed ? [parsed] : [];
      });
      if (bytes.length > 0) limits.set(workload.metadata.name, Math.max(...bytes));
    }
  } catch {
    // Cluster state is a bonus here; the infra investigator reports the gap.
  }
  return limits;
}
