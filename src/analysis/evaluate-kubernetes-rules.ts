import { evaluateEvent } from "./kubernetes-event-rules.ts";
import {
  type KubeObject,
  list,
  type ObjectRef,
  type RuleHit,
  record,
  serviceOfObject,
  text,
} from "./kubernetes-object.ts";
import { evaluatePod } from "./kubernetes-pod-rules.ts";
import {
  evaluateAutoscaler,
  evaluateClaim,
  evaluateEndpoints,
  evaluateNode,
  evaluateWorkload,
} from "./kubernetes-workload-rules.ts";
import { workloadOfPod, workloadOfReplicaSet } from "./service-of.ts";

export interface KubernetesRuleOptions {
  /** Unix seconds the cluster state is as of. */
  now: number;
  /** Events and container terminations older than this are history, not the incident. Default 3600 s. */
  lookbackSeconds?: number;
}

const keyOf = (ref: ObjectRef) => `${ref.kind}/${ref.namespace ?? ""}/${ref.name}`;

/**
 * Runs the Kubernetes state rules over a snapshot of objects (Pods, Events, Nodes, Deployments,
 * StatefulSets, HorizontalPodAutoscalers, Endpoints, PersistentVolumeClaims; other kinds are
 * ignored) and returns one hit per rule and object, most severe first. Pods map to services
 * through their owners and labels, events through the pod they name, nodes list the services
 * running on them, claims the services that mount them.
 */
export function evaluateKubernetesRules(
  objects: readonly KubeObject[],
  options: KubernetesRuleOptions,
): RuleHit[] {
  const lookback = options.lookbackSeconds ?? 3600;
  const pods = objects.filter((object) => object.kind === "Pod");
  const podService = new Map<string, string>();
  const podNode = new Map<string, string>();
  const nodeServices = new Map<string, Set<string>>();
  const claimService = new Map<string, string>();
  for (const pod of pods) {
    const service = serviceOfObject(pod);
    podService.set(
      keyOf({ kind: "Pod", namespace: pod.metadata.namespace, name: pod.metadata.name }),
      service,
    );
    const nodeName = text(record(pod.spec).nodeName);
    if (nodeName)
      podNode.set(
        keyOf({ kind: "Pod", namespace: pod.metadata.namespace, name: pod.metadata.name }),
        nodeName,
      );
    if (nodeName) nodeServices.set(nodeName, (nodeServices.get(nodeName) ?? new Set()).add(service));
    for (const volume of list(record(pod.spec).volumes)) {
      const claim = text(record(volume.persistentVolumeClaim).claimName);
      if (claim) claimService.set(`${pod.metadata.namespace ?? ""}/${claim}`, service);
    }
  }
  const serviceOf = (ref: ObjectRef): string => {
    switch (ref.kind) {
      case "Pod":
        return podService.get(keyOf(ref)) ?? workloadOfPod(ref.name);
      case "ReplicaSet":
        return workloadOfReplicaSet(ref.name);
      case "PersistentVolumeClaim":
        return claimService.get(`${ref.namespace ?? ""}/${ref.name}`) ?? ref.name;
      default:
        return ref.name;
    }
  };

  const hits: RuleHit[] = [];
  for (const object of objects) {
    switch (object.kind) {
      case "Pod":
        hits.push(...evaluatePod(object, options.now, lookback));
        break;
      case "Node":
        hits.push(...evaluateNode(object, [...(nodeServices.get(object.metadata.name) ?? [])].sort()));
        break;
      case "HorizontalPodAutoscaler":
        hits.push(...evaluateAutoscaler(object));
        break;
      case "Deployment":
      case "StatefulSet":
        hits.push(...evaluateWorkload(object));
        break;
      case "Endpoints":
        hits.push(...evaluateEndpoints(object));
        break;
      case "PersistentVolumeClaim":
        hits.push(
          ...evaluateClaim(
            object,
            serviceOf({
              kind: object.kind,
              namespace: object.metadata.namespace,
              name: object.metadata.name,
            }),
          ),
        );
        break;
      case "Event": {
        const nodeOf = (ref: ObjectRef) => (ref.kind === "Pod" ? podNode.get(keyOf(ref)) : undefined);
        const hit = evaluateEvent(object, { serviceOf, nodeOf }, options.now, lookback);
        if (hit) hits.push(hit);
        break;
      }
    }
  }
  return dedupe(hits);
}

/** One hit per rule and object (a pod's status and its events often say the same thing). */
function dedupe(hits: readonly RuleHit[]): RuleHit[] {
  const best = new Map<string, RuleHit>();
  for (const hit of hits) {
    const key = `${hit.rule}|${keyOf(hit.object)}`;
    const seen = best.get(key);
    if (!seen) {
      best.set(key, hit);
      continue;
    }
    const winner = hit.severity > seen.severity ? { ...hit } : { ...seen };
    const starts = [seen.since, hit.since].filter((value): value is number => value !== undefined);
    if (starts.length > 0) winner.since = Math.min(...starts);
    best.set(key, winner);
  }
  return [...best.values()].sort(
    (a, b) =>
      b.severity - a.severity ||
      a.rule.localeCompare(b.rule) ||
      keyOf(a.object).localeCompare(keyOf(b.object)),
  );
}
