import type { ClusterReader, KubernetesObject } from "../../src/ports/cluster-reader.ts";

/** A recorded entry: one object, or a `List` as `kubectl get <many> -o json` prints it. */
export type RecordedKubernetesEntry =
  | KubernetesObject
  | { kind: string; items: Array<Partial<KubernetesObject>> };

/**
 * A `ClusterReader` over objects recorded as of the replay clock. Kinds match exactly (`Pod`,
 * not `pods`); a namespace given to `get` must match, and `undefined` finds cluster-scoped
 * objects only, as the API server would.
 */
export function createReplayClusterReader(options: {
  objects: readonly RecordedKubernetesEntry[];
}): ClusterReader {
  const objects = flattenLists(options.objects);
  return {
    async list(kind, namespace, signal) {
      signal?.throwIfAborted();
      return objects
        .filter(
          (object) =>
            object.kind === kind && (namespace === undefined || object.metadata.namespace === namespace),
        )
        .map((object) => structuredClone(object));
    },
    async get(kind, namespace, name, signal) {
      signal?.throwIfAborted();
      const found = objects.find(
        (object) =>
          object.kind === kind && object.metadata.name === name && object.metadata.namespace === namespace,
      );
      return found ? structuredClone(found) : null;
    },
  };
}

function flattenLists(entries: readonly RecordedKubernetesEntry[]): KubernetesObject[] {
  const out: KubernetesObject[] = [];
  for (const entry of entries) {
    if (!("items" in entry) || !Array.isArray(entry.items)) {
      out.push(entry as KubernetesObject);
      continue;
    }
    // Items of a typed list (PodList) from the raw API carry no kind of their own.
    const itemKind = entry.kind === "List" ? undefined : entry.kind.replace(/List$/, "");
    for (const item of entry.items) {
      const kind = item.kind ?? itemKind;
      if (kind !== undefined && item.metadata)
        out.push({ ...item, kind, metadata: item.metadata } as KubernetesObject);
    }
  }
  return out;
}
