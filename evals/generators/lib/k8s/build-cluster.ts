import type { EventRecord } from "../model.ts";
import type { World } from "../world.ts";
import { deploymentObjects } from "./deployment.ts";
import { eventObject, nodeObject } from "./node-event.ts";
import { type Json, podObject } from "./pod.ts";
import { configMapObject, cronJobObjects, hpaObject, statefulSetObjects } from "./workloads.ts";

export interface ClusterInput {
  partOf: string;
  configMaps: Map<string, { data: Record<string, string>; updatedAt: number }>;
  events: EventRecord[];
}

/** Every object a `kubectl get ... -o json` over the platform's namespaces would list at `now`. */
export function buildCluster(world: World, input: ClusterInput): Json[] {
  const { now } = world;
  const out: Json[] = [];
  for (const node of world.platform.nodes) out.push(nodeObject(world, node));
  for (const svc of world.services.values()) {
    const revisions = world.planning.revisions.get(svc.name);
    if (svc.workload === "Deployment" && revisions)
      out.push(...deploymentObjects(world, svc, revisions, input.partOf));
    if (svc.workload === "StatefulSet" && revisions?.[0])
      out.push(...statefulSetObjects(world, svc, revisions[0], input.partOf));
    if (svc.workload === "CronJob") out.push(...cronJobObjects(world, svc, input.partOf));
    const hpa = hpaObject(world, svc, input.partOf);
    if (hpa) out.push(hpa);
  }
  for (const [service, cm] of input.configMaps) {
    const svc = world.services.get(service);
    if (svc) out.push(configMapObject(world, svc, cm.data, cm.updatedAt, input.partOf));
  }
  for (const svc of world.services.values()) {
    for (const pod of world.podsOf(svc.name)) {
      if (pod.createdAt > now || (pod.deletedAt !== undefined && pod.deletedAt <= now)) continue;
      out.push(podObject(world, pod, svc, input.partOf));
    }
  }
  const events = [...input.events]
    .filter((e) => e.first <= now && Math.min(e.last, now) >= now - 3600)
    .sort((a, b) => a.last - b.last || a.involved.name.localeCompare(b.involved.name));
  for (const record of events) out.push(eventObject(world, record));
  return out;
}
