import type { RootCauseKind } from "../domain/index.ts";
import { workloadOfPod, workloadOfReplicaSet } from "./service-of.ts";

/**
 * A Kubernetes object as `kubectl get -o json` prints it. Structurally the same as the cluster
 * port's `KubernetesObject`, redeclared so that analysis stays free of ports.
 */
export interface KubeObject {
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    ownerReferences?: Array<{ kind: string; name: string }>;
    creationTimestamp?: string;
    [key: string]: unknown;
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [key: string]: unknown;
}

export type KubernetesRule =
  | "CrashLoopBackOff"
  | "OOMKilled"
  | "ImagePullBackOff"
  | "CreateContainerConfigError"
  | "FrequentRestarts"
  | "FailedScheduling"
  | "Evicted"
  | "ProbeFailing"
  | "NodeNotReady"
  | "NodeMemoryPressure"
  | "NodeDiskPressure"
  | "NodePIDPressure"
  | "NodeNetworkUnavailable"
  | "HPAAtMax"
  | "NoAvailableReplicas"
  | "RolloutStuck"
  | "NoEndpoints"
  | "PVCPending"
  | "VolumeFull"
  | "WarningEvent";

export interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}

/** One rule that fired on one object: the object is the evidence. */
export interface RuleHit {
  rule: KubernetesRule;
  kind: RootCauseKind;
  /** The service (workload) the object belongs to; a Node's own name for node rules. */
  service: string;
  object: ObjectRef;
  message: string;
  /** 0..1: how strongly the rule alone points at a cause. */
  severity: number;
  /** Unix seconds when the condition began or was last seen, when the object says. */
  since?: number;
  /** For node rules: the services with pods on that node. */
  relatedServices?: string[];
}

export type Fields = Record<string, unknown>;

export function record(value: unknown): Fields {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Fields) : {};
}

export function list(value: unknown): Fields[] {
  return Array.isArray(value) ? value.map(record) : [];
}

export function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function count(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** Unix seconds of an RFC 3339 field, undefined when absent or unparsable. */
export function secondsOf(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const millis = Date.parse(value);
  return Number.isFinite(millis) ? millis / 1000 : undefined;
}

export function refOf(object: KubeObject): ObjectRef {
  const ref: ObjectRef = { kind: object.kind, name: object.metadata.name };
  if (object.metadata.namespace !== undefined) ref.namespace = object.metadata.namespace;
  return ref;
}

const NAME_LABELS = ["app.kubernetes.io/name", "app", "k8s-app", "app.kubernetes.io/instance", "service"];

/**
 * The workload a pod-like object belongs to: its owner (ReplicaSet → Deployment, a CronJob's
 * Job → CronJob, StatefulSet, DaemonSet), then its name labels, then its own name less the
 * generated suffixes.
 */
export function serviceOfObject(object: KubeObject): string {
  for (const owner of object.metadata.ownerReferences ?? []) {
    if (owner.kind === "ReplicaSet") return workloadOfReplicaSet(owner.name);
    if (owner.kind === "Job") return owner.name.replace(/-\d{6,}$/, "");
    if (["StatefulSet", "DaemonSet", "Deployment", "CronJob", "ReplicationController"].includes(owner.kind)) {
      return owner.name;
    }
  }
  for (const key of NAME_LABELS) {
    const value = object.metadata.labels?.[key];
    if (value) return value;
  }
  return object.kind === "Pod" ? workloadOfPod(object.metadata.name) : object.metadata.name;
}
