import { SourceQueryError } from "../../src/ports/source-errors.ts";

/** Where the API server serves one kind: the REST path pieces and the `apiVersion` it prints. */
export interface KubernetesResource {
  kind: string;
  apiVersion: string;
  plural: string;
  namespaced: boolean;
}

const core = (kind: string, plural: string, namespaced = true): KubernetesResource => ({
  kind,
  apiVersion: "v1",
  plural,
  namespaced,
});
const grouped = (kind: string, apiVersion: string, plural: string): KubernetesResource => ({
  kind,
  apiVersion,
  plural,
  namespaced: true,
});

/**
 * The kinds Vigil reads and writes, as callers name them (`Pod`, not `pods`). Secrets are left out
 * on purpose: nothing in an investigation needs them, and the RBAC role should not grant them.
 */
const RESOURCES: readonly KubernetesResource[] = [
  core("Pod", "pods"),
  core("Event", "events"),
  core("ConfigMap", "configmaps"),
  core("PersistentVolumeClaim", "persistentvolumeclaims"),
  core("Service", "services"),
  core("Endpoints", "endpoints"),
  core("Node", "nodes", false),
  core("Namespace", "namespaces", false),
  grouped("Deployment", "apps/v1", "deployments"),
  grouped("ReplicaSet", "apps/v1", "replicasets"),
  grouped("StatefulSet", "apps/v1", "statefulsets"),
  grouped("DaemonSet", "apps/v1", "daemonsets"),
  grouped("HorizontalPodAutoscaler", "autoscaling/v2", "horizontalpodautoscalers"),
  grouped("Job", "batch/v1", "jobs"),
  grouped("CronJob", "batch/v1", "cronjobs"),
];

const SUBRESOURCES = new Set(["scale"]);

export interface ResourceTarget {
  resource: KubernetesResource;
  /** e.g. `scale` for `Deployment/scale`. */
  subresource?: string;
}

/** Resolves `Deployment` or `Deployment/scale`; an unknown kind is a query the caller got wrong. */
export function resolveKind(kind: string): ResourceTarget {
  const [name = "", subresource] = kind.split("/");
  const resource = RESOURCES.find((candidate) => candidate.kind === name);
  if (!resource) {
    const known = RESOURCES.map((candidate) => candidate.kind).join(", ");
    throw new SourceQueryError("cluster", `unsupported Kubernetes kind "${kind}" (known: ${known})`);
  }
  if (subresource !== undefined && !SUBRESOURCES.has(subresource)) {
    throw new SourceQueryError("cluster", `unsupported subresource "${subresource}" of ${name}`);
  }
  return subresource === undefined ? { resource } : { resource, subresource };
}

/** The REST path of a collection (no name) or one object, namespaced when the kind is. */
export function resourcePath(target: ResourceTarget, namespace: string | undefined, name?: string): string {
  const { resource, subresource } = target;
  const prefix = resource.apiVersion === "v1" ? "/api/v1" : `/apis/${resource.apiVersion}`;
  const scope =
    resource.namespaced && namespace !== undefined ? `/namespaces/${encodeURIComponent(namespace)}` : "";
  const object = name === undefined ? "" : `/${encodeURIComponent(name)}`;
  const sub = name !== undefined && subresource !== undefined ? `/${subresource}` : "";
  return `${prefix}${scope}/${resource.plural}${object}${sub}`;
}
