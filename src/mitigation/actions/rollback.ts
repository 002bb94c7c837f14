import type { KubernetesObject } from "../../ports/cluster-reader.ts";
import { describeObject, editOf } from "../kubernetes-edits.ts";
import { sameJson } from "../merge-patch.ts";
import { defineKubernetesAction, exists, notPaused, refuse } from "./kubernetes-action.ts";

const REVISION = "deployment.kubernetes.io/revision";

/**
 * `kubectl rollout undo`: the previous ReplicaSet revision's pod template goes back into the
 * Deployment's `spec.template`, without the `pod-template-hash` label the controller adds. Undo
 * puts the template recorded at planning back (a roll forward).
 */
export const rollbackAction = defineKubernetesAction("rollback", async (request, ports) => {
  const { target } = request;
  const name = describeObject(target);
  if (target.kind !== "Deployment") {
    return refuse(`Roll back ${name}`, [
      {
        description: `${name} is a Deployment`,
        ok: false,
        detail: `rolling back a ${target.kind} needs its ControllerRevision history, which Vigil does not handle`,
      },
    ]);
  }
  const deployment = await ports.cluster.get("Deployment", target.namespace, target.name);
  if (!deployment) return refuse(`Roll back ${name}`, [exists(target, null)]);

  const current = Number(deployment.metadata.annotations?.[REVISION]);
  const history = (await ports.cluster.list("ReplicaSet", target.namespace))
    .filter((replicaSet) => ownedBy(replicaSet, target.name))
    .map((replicaSet) => ({ replicaSet, revision: Number(replicaSet.metadata.annotations?.[REVISION]) }))
    .filter((entry) => Number.isFinite(entry.revision))
    .sort((a, b) => b.revision - a.revision);
  const currentRevision = Number.isFinite(current) ? current : (history[0]?.revision ?? Number.NaN);
  const previous = history.find((entry) => entry.revision < currentRevision);
  const template = previous ? withoutHashLabel(previous.replicaSet) : null;
  const differs = template !== null && !sameJson(template, deployment.spec?.template);
  const preconditions = [
    exists(target, deployment),
    notPaused(deployment),
    {
      description: `${name} has a revision before ${Number.isFinite(currentRevision) ? currentRevision : "the current one"}`,
      ok: previous !== undefined,
      ...(previous ? {} : { detail: "no older ReplicaSet is left in its history" }),
    },
    {
      description: "the previous revision's pod template differs from the running one",
      ok: previous === undefined || differs,
      ...(previous && !differs ? { detail: `revision ${previous.revision} has the same template` } : {}),
    },
  ];
  const summary = previous
    ? `Roll back ${name} from revision ${currentRevision} to revision ${previous.revision}${imageChange(deployment, template)}`
    : `Roll back ${name}`;
  if (!previous || !template || !differs) return refuse(summary, preconditions);
  return {
    summary,
    preconditions,
    edits: [
      editOf(deployment, [
        { path: ["spec", "template"], before: deployment.spec?.template, after: template },
      ]),
    ],
  };
});

function ownedBy(replicaSet: KubernetesObject, deployment: string): boolean {
  return (replicaSet.metadata.ownerReferences ?? []).some(
    (owner) => owner.kind === "Deployment" && owner.name === deployment,
  );
}

function withoutHashLabel(replicaSet: KubernetesObject): Record<string, unknown> | null {
  const template = structuredClone(replicaSet.spec?.template) as
    | { metadata?: { labels?: Record<string, string> } }
    | undefined;
  if (!template) return null;
  if (template.metadata?.labels) delete template.metadata.labels["pod-template-hash"];
  return template as Record<string, unknown>;
}

function imageChange(deployment: KubernetesObject, template: Record<string, unknown> | null): string {
  const images = (value: unknown) =>
    (
      ((value as { spec?: { containers?: Array<{ image?: string }> } })?.spec?.containers ?? []).map(
        (container) => container.image ?? "",
      ) as string[]
    ).join(", ");
  const from = images(deployment.spec?.template);
  const to = images(template);
  return from && to && from !== to ? ` (${from} → ${to})` : "";
}
