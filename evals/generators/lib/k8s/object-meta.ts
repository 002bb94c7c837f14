/** Metadata and pod templates shared by the workload objects. */
import type { PodPlan, Revision, ServiceDef } from "../model.ts";
import { iso } from "../time.ts";
import type { World } from "../world.ts";
import { appLabels, containerSpec, type Json } from "./pod.ts";

export const aliveAt = (pod: PodPlan, t: number) =>
  pod.createdAt <= t && (pod.deletedAt === undefined || t < pod.deletedAt);

export function meta(
  world: World,
  kind: string,
  name: string,
  namespace: string | undefined,
  createdAt: number,
  extra: Json = {},
): Json {
  const rng = world.rng.fork(`meta/${kind}/${namespace ?? ""}/${name}`);
  const out: Json = {
    ...extra,
    creationTimestamp: iso(createdAt),
    name,
    resourceVersion: String(rng.int(10_000_000, 99_999_999)),
    uid: world.rng.fork(`uid/${kind}/${name}`).uuid(),
  };
  if (namespace) out.namespace = namespace;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

export function template(world: World, svc: ServiceDef, rev: Revision, partOf: string, hash?: string): Json {
  const labels: Record<string, string> = { ...appLabels(svc, partOf) };
  if (hash) labels["pod-template-hash"] = hash;
  return {
    metadata: { annotations: { "checksum/config": rev.configChecksum }, creationTimestamp: null, labels },
    spec: {
      containers: [containerSpec(svc, rev.image, world.rng.fork(`tpl/${svc.name}/${rev.revision}`))],
      dnsPolicy: "ClusterFirst",
      restartPolicy: "Always",
      schedulerName: "default-scheduler",
      securityContext: {},
      serviceAccountName: svc.name,
      terminationGracePeriodSeconds: 30,
    },
  };
}
