import { applyMergePatch } from "../../src/mitigation/merge-patch.ts";
import type { ClusterReader, KubernetesObject } from "../../src/ports/cluster-reader.ts";
import { ClusterConflictError, type ClusterWriter } from "../../src/ports/cluster-writer.ts";

export interface RecordedPatch {
  kind: string;
  namespace: string | undefined;
  name: string;
  patch: Record<string, unknown>;
  resourceVersion: string | undefined;
}

/**
 * A ClusterReader & ClusterWriter over objects in memory that behaves like the API server where the
 * executor depends on it: JSON merge patch, a resourceVersion bumped on every write, and 409
 * (ClusterConflictError) when a patch names a stale resourceVersion. `conflictOnce` makes the next
 * write to one object lose a race: someone else's change lands first and the write gets 409.
 */
export function createInMemoryCluster(objects: KubernetesObject[]) {
  let version = 1000;
  const store = new Map<string, KubernetesObject>();
  const keyOf = (kind: string, namespace: string | undefined, name: string) =>
    `${kind}/${namespace ?? ""}/${name}`;
  const put = (object: KubernetesObject) => {
    version += 1;
    const stored = structuredClone(object);
    stored.metadata.resourceVersion = String(version);
    store.set(keyOf(stored.kind, stored.metadata.namespace, stored.metadata.name), stored);
    return structuredClone(stored);
  };
  for (const object of objects) put(object);
  const races = new Map<string, Record<string, unknown>>();
  const patches: RecordedPatch[] = [];

  const cluster: ClusterReader & ClusterWriter = {
    async list(kind, namespace) {
      return [...store.values()]
        .filter(
          (object) =>
            object.kind === kind && (namespace === undefined || object.metadata.namespace === namespace),
        )
        .map((object) => structuredClone(object));
    },
    async get(kind, namespace, name) {
      const found = store.get(keyOf(kind, namespace, name));
      return found ? structuredClone(found) : null;
    },
    async patch(kind, namespace, name, mergePatch, options) {
      patches.push({
        kind,
        namespace,
        name,
        patch: structuredClone(mergePatch),
        resourceVersion: options?.resourceVersion,
      });
      const key = keyOf(kind, namespace, name);
      const race = races.get(key);
      if (race) {
        races.delete(key);
        put(applyMergePatch(store.get(key), race) as KubernetesObject);
      }
      const current = store.get(key);
      if (!current) throw new Error(`${kind} ${name} not found`);
      if (
        options?.resourceVersion !== undefined &&
        options.resourceVersion !== current.metadata.resourceVersion
      ) {
        throw new ClusterConflictError(
          kind,
          name,
          `Operation cannot be fulfilled on ${kind} "${name}": the object has been modified`,
        );
      }
      return put(applyMergePatch(current, mergePatch) as KubernetesObject);
    },
    async deleteObject(kind, namespace, name) {
      store.delete(keyOf(kind, namespace, name));
    },
  };

  return {
    cluster,
    patches,
    /** The stored object as the API server would return it (a copy). */
    object(kind: string, namespace: string | undefined, name: string): KubernetesObject | null {
      const found = store.get(keyOf(kind, namespace, name));
      return found ? structuredClone(found) : null;
    },
    /** Someone else changes the object (a kubectl edit between plan and apply). */
    change(kind: string, namespace: string | undefined, name: string, mergePatch: Record<string, unknown>) {
      const current = store.get(keyOf(kind, namespace, name));
      if (!current) throw new Error(`${kind} ${name} not found`);
      return put(applyMergePatch(current, mergePatch) as KubernetesObject);
    },
    /** The next write to this object loses a race against `concurrent` and answers 409. */
    conflictOnce(
      kind: string,
      namespace: string | undefined,
      name: string,
      concurrent: Record<string, unknown> = { metadata: { annotations: { "example.com/touched": "yes" } } },
    ) {
      races.set(keyOf(kind, namespace, name), concurrent);
    },
  };
}

export type InMemoryCluster = ReturnType<typeof createInMemoryCluster>;
