/** A Kubernetes object as `kubectl get -o json` prints it. */
export interface KubernetesObject {
  apiVersion?: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: Array<{ kind: string; name: string }>;
    creationTimestamp?: string;
    resourceVersion?: string;
    [key: string]: unknown;
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * Read-only cluster state.
 *
 * - `list` returns the objects of one kind (optionally in one namespace); empty means none exist.
 * - `get` returns `null` when the object does not exist.
 * - A thrown `SourceUnavailableError` means the API server could not be asked.
 */
export interface ClusterReader {
  list(kind: string, namespace?: string, signal?: AbortSignal): Promise<KubernetesObject[]>;
  get(
    kind: string,
    namespace: string | undefined,
    name: string,
    signal?: AbortSignal,
  ): Promise<KubernetesObject | null>;
}
