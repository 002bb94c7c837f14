import type { KubeConfig } from "@kubernetes/client-node";
import type { ClusterReader, KubernetesObject } from "../../src/ports/cluster-reader.ts";
import { ClusterConflictError, type ClusterWriter } from "../../src/ports/cluster-writer.ts";
import { SourceQueryError, SourceUnavailableError } from "../../src/ports/source-errors.ts";
import { createKubeConfig, type KubernetesConnectionOptions } from "./create-kube-config.ts";
import {
  createKubernetesTransport,
  type KubernetesResponse,
  statusMessage,
} from "./create-kubernetes-transport.ts";
import { type ResourceTarget, resolveKind, resourcePath } from "./kubernetes-resources.ts";

export interface KubernetesClientOptions extends KubernetesConnectionOptions {
  /** Per request, each retry included separately. */
  timeoutMs?: number;
  /** Objects per list page (`limit`/`continue`), so that a large cluster is read in bounded pieces. */
  pageSize?: number;
}

/**
 * `ClusterReader` and `ClusterWriter` over the Kubernetes REST API. Kinds are named as callers
 * name them (`Deployment`; `Deployment/scale` for the scale subresource). Objects come back as
 * `kubectl get -o json` prints them, `apiVersion` and `kind` set. A kind the cluster does not serve
 * lists as empty. Forbidden (RBAC) and unreachable are `SourceUnavailableError`; the configuration
 * is read on first use, so a bad kubeconfig is a gap in the investigation, not a failed start.
 */
export function createKubernetesClient(options: KubernetesClientOptions): ClusterReader & ClusterWriter {
  let config: Promise<KubeConfig> | undefined;
  const request = createKubernetesTransport({
    config: () => {
      // A kubeconfig that could not be read is read again next time (it may be mounted later).
      config ??= createKubeConfig(options).catch((error: unknown) => {
        config = undefined;
        throw error;
      });
      return config;
    },
    timeoutMs: options.timeoutMs ?? 10_000,
  });
  const pageSize = String(options.pageSize ?? 500);

  return {
    async list(kind, namespace, signal) {
      const target = resolveKind(kind);
      const out: KubernetesObject[] = [];
      let continueToken: string | undefined;
      do {
        const response = await request({
          method: "GET",
          path: resourcePath(target, namespace),
          query: { limit: pageSize, continue: continueToken },
          signal,
        });
        if (response.status === 404) return [];
        const list = expectOk(response, target, "list") as KubernetesList;
        for (const item of list.items ?? []) out.push(withType(item, target));
        continueToken = list.metadata?.continue || undefined;
      } while (continueToken !== undefined);
      return out;
    },

    async get(kind, namespace, name, signal) {
      const target = resolveKind(kind);
      if (scopeMismatch(target, namespace)) return null;
      const response = await request({ method: "GET", path: resourcePath(target, namespace, name), signal });
      if (response.status === 404) return null;
      return withType(expectOk(response, target, name) as KubernetesObject, target);
    },

    async patch(kind, namespace, name, mergePatch, patchOptions) {
      const target = resolveKind(kind);
      const body =
        patchOptions?.resourceVersion === undefined
          ? mergePatch
          : withResourceVersion(mergePatch, patchOptions.resourceVersion);
      const response = await request({
        method: "PATCH",
        path: resourcePath(target, namespace, name),
        body,
        contentType: "application/merge-patch+json",
        signal: patchOptions?.signal,
      });
      if (response.status === 409) {
        throw new ClusterConflictError(kind, name, statusMessage(response.body));
      }
      return withType(expectOk(response, target, name) as KubernetesObject, target);
    },

    async deleteObject(kind, namespace, name, signal) {
      const target = resolveKind(kind);
      const response = await request({
        method: "DELETE",
        path: resourcePath(target, namespace, name),
        signal,
      });
      if (response.status === 404) return;
      expectOk(response, target, name);
    },
  };
}

interface KubernetesList {
  items?: KubernetesObject[];
  metadata?: { continue?: string };
}

/** A namespaced kind without a namespace (or the reverse) names no object, as on the API server. */
function scopeMismatch(target: ResourceTarget, namespace: string | undefined): boolean {
  return target.resource.namespaced !== (namespace !== undefined);
}

function expectOk(response: KubernetesResponse, target: ResourceTarget, what: string): unknown {
  if (response.status >= 200 && response.status < 300 && typeof response.body === "object") {
    return response.body;
  }
  const message = `Kubernetes API answered ${response.status} for ${target.resource.kind} ${what}: ${statusMessage(response.body)}`;
  // Credentials or RBAC that do not allow the read: the data cannot be had, which is a gap.
  if (response.status === 401 || response.status === 403)
    throw new SourceUnavailableError("cluster", message);
  throw new SourceQueryError("cluster", message);
}

/** List items come without `kind`/`apiVersion`; `kubectl get -o json` puts them back. */
function withType(object: KubernetesObject, target: ResourceTarget): KubernetesObject {
  if (target.subresource !== undefined) return object;
  const { apiVersion: _apiVersion, kind: _kind, ...rest } = object;
  return { apiVersion: target.resource.apiVersion, kind: target.resource.kind, ...rest };
}

function withResourceVersion(
  patch: Record<string, unknown>,
  resourceVersion: string,
): Record<string, unknown> {
  const metadata = typeof patch.metadata === "object" && patch.metadata !== null ? patch.metadata : {};
  return { ...patch, metadata: { ...metadata, resourceVersion } };
}
