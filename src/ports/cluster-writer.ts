import type { KubernetesObject } from "./cluster-reader.ts";

/** The object changed since it was read (HTTP 409 on a `resourceVersion` precondition). */
export class ClusterConflictError extends Error {
  constructor(
    readonly kind: string,
    readonly objectName: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "ClusterConflictError";
  }
}

/**
 * The only way Vigil changes a cluster; only the mitigation executor holds one.
 *
 * - `patch` applies a JSON merge patch (RFC 7386). With `resourceVersion` set, the server refuses
 *   the patch with `ClusterConflictError` when the object changed since that version was read.
 *   Returns the object as stored after the patch.
 * - `deleteObject` deletes (e.g. a pod, so that its controller replaces it); deleting an object
 *   that is already gone is not an error.
 * - A thrown `SourceUnavailableError` means the API server could not be asked; nothing changed.
 */
export interface ClusterWriter {
  patch(
    kind: string,
    namespace: string | undefined,
    name: string,
    mergePatch: Record<string, unknown>,
    options?: { resourceVersion?: string; signal?: AbortSignal },
  ): Promise<KubernetesObject>;
  deleteObject(
    kind: string,
    namespace: string | undefined,
    name: string,
    signal?: AbortSignal,
  ): Promise<void>;
}
