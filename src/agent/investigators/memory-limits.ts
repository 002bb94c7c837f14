import { parseQuantity } from "../../analysis/index.ts";
import type { KubernetesObject } from "../../ports/cluster-reader.ts";

interface ContainerSpec {
  resources?: { limits?: { memory?: string } };
}

/** Each workload's memory limit in bytes (its largest container limit), from its spec. */
export function memoryLimits(workloads: KubernetesObject[]): Record<string, number> {
  const limits: Record<string, number> = {};
  for (const workload of workloads) {
    const template = workload.spec?.template as { spec?: { containers?: ContainerSpec[] } } | undefined;
    const bytes = (template?.spec?.containers ?? []).flatMap((container) => {
      const limit = container.resources?.limits?.memory;
      const parsed = limit ? parseQuantity(limit) : null;
      return parsed ? [parsed] : [];
    });
    if (bytes.length > 0) limits[workload.metadata.name] = Math.max(...bytes);
  }
  return limits;
}
