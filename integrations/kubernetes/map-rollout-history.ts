import type { ChangeEvent } from "../../src/ports/change-source.ts";
import type { KubernetesObject } from "../../src/ports/cluster-reader.ts";
import { diffPodTemplates } from "./diff-pod-templates.ts";

type Json = Record<string, unknown>;

const REVISION = "deployment.kubernetes.io/revision";
const REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
const CHANGE_CAUSE = "kubernetes.io/change-cause";

interface Revision {
  number: number;
  replicaSet: KubernetesObject;
}

/**
 * A Deployment's rollout history as change events: each ReplicaSet revision is one rollout, compared
 * with the revision before it (`diffPodTemplates`). A ReplicaSet brought back by a rollback keeps its
 * old creationTimestamp, so its time is the last write to it (managedFields, status aside: an
 * approximation), or,
 * for the current revision, the Deployment's Progressing condition; without either it is left out
 * rather than placed at the wrong time.
 */
export function mapRolloutHistory(
  deployments: readonly KubernetesObject[],
  replicaSets: readonly KubernetesObject[],
): ChangeEvent[] {
  const byOwner = new Map<string, Revision[]>();
  for (const replicaSet of replicaSets) {
    const owner = replicaSet.metadata.ownerReferences?.find((reference) => reference.kind === "Deployment");
    const number = Number(replicaSet.metadata.annotations?.[REVISION]);
    if (!owner || !Number.isInteger(number)) continue;
    const key = `${replicaSet.metadata.namespace ?? ""}/${owner.name}`;
    byOwner.set(key, [...(byOwner.get(key) ?? []), { number, replicaSet }]);
  }
  const changes: ChangeEvent[] = [];
  for (const [key, revisions] of byOwner) {
    const [namespace = "", name = ""] = key.split("/");
    const deployment = deployments.find(
      (candidate) => candidate.metadata.name === name && (candidate.metadata.namespace ?? "") === namespace,
    );
    revisions.sort((a, b) => a.number - b.number);
    revisions.forEach((revision, index) => {
      const at = timeOf(revision, deployment);
      if (at === undefined) return;
      const previous = revisions[index - 1];
      const diff = diffPodTemplates(templateOf(previous?.replicaSet), templateOf(revision.replicaSet) ?? {});
      const cause = revision.replicaSet.metadata.annotations?.[CHANGE_CAUSE];
      changes.push({
        id: `k8s-${namespace}-${name}-rev${revision.number}`,
        kind: diff.kind,
        service: serviceOf(deployment ?? revision.replicaSet, name),
        ...(namespace ? { namespace } : {}),
        at,
        ...(diff.from !== undefined ? { from: diff.from } : {}),
        ...(diff.to !== undefined ? { to: diff.to } : {}),
        summary: cause ?? `Deployment ${name} revision ${revision.number}: ${diff.detail}`,
        origin: "kubernetes",
      });
    });
  }
  return changes;
}

/** `app.kubernetes.io/name`, then `app`, then the Deployment's own name. */
export function serviceOf(object: KubernetesObject, fallback: string): string {
  const labels = object.metadata.labels ?? {};
  return labels["app.kubernetes.io/name"] ?? labels.app ?? fallback;
}

function timeOf(revision: Revision, deployment: KubernetesObject | undefined): string | undefined {
  const { metadata } = revision.replicaSet;
  if (metadata.annotations?.[REVISION_HISTORY] === undefined) return metadata.creationTimestamp;
  const writes = (Array.isArray(metadata.managedFields) ? metadata.managedFields : []) as Json[];
  // Status writes follow every replica count change; the rollback itself is a write to the object.
  const lastWrite = writes
    .filter((entry) => entry.subresource === undefined)
    .map((entry) => entry.time)
    .filter((time): time is string => typeof time === "string")
    .sort()
    .at(-1);
  if (lastWrite !== undefined) return lastWrite;
  const current = deployment?.metadata.annotations?.[REVISION] === String(revision.number);
  if (!current) return undefined;
  const conditions = (deployment?.status?.conditions ?? []) as Json[];
  const progressing = conditions.find((condition) => condition.type === "Progressing");
  return typeof progressing?.lastUpdateTime === "string" ? progressing.lastUpdateTime : undefined;
}

function templateOf(replicaSet: KubernetesObject | undefined): Json | undefined {
  return (replicaSet?.spec?.template ?? undefined) as Json | undefined;
}
