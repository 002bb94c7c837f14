import type { KubernetesObject } from "../../ports/cluster-reader.ts";
import { describeObject, editOf, type ObjectEdit } from "../kubernetes-edits.ts";
import { DEFAULT_MAX_SCALE_FACTOR } from "../mitigation-policy.ts";
import { defineKubernetesAction, exists, refuse } from "./kubernetes-action.ts";

/**
 * More replicas: `spec.replicas` times the policy's maximum factor (at least one more). When an
 * HPA targets the workload its `minReplicas` is raised to the same count first (and `maxReplicas`
 * when it would be below), or the HPA would scale straight back. Undo restores both as recorded.
 */
export const scaleOutAction = defineKubernetesAction("scale-out", async (request, ports) => {
  const { target } = request;
  const name = describeObject(target);
  if (target.kind !== "Deployment" && target.kind !== "StatefulSet") {
    return refuse(`Scale out ${name}`, [
      { description: `${name} is a Deployment or StatefulSet`, ok: false },
    ]);
  }
  const workload = await ports.cluster.get(target.kind, target.namespace, target.name);
  if (!workload) return refuse(`Scale out ${name}`, [exists(target, null)]);
  const replicas = typeof workload.spec?.replicas === "number" ? workload.spec.replicas : 1;
  const factor = request.policy.maxScaleFactor ?? DEFAULT_MAX_SCALE_FACTOR;
  const most = Math.floor(replicas * factor);
  const wanted = Math.max(replicas + 1, most);
  const hpa = (await ports.cluster.list("HorizontalPodAutoscaler", target.namespace)).find((candidate) =>
    targets(candidate, target.kind, target.name),
  );
  const preconditions = [
    exists(target, workload),
    {
      description: `${name} runs at least one replica`,
      ok: replicas >= 1,
      ...(replicas >= 1 ? {} : { detail: "scaled to zero on purpose; scaling out would undo that" }),
    },
    {
      description: `${wanted} replicas is within the policy's factor ${factor} of ${replicas}`,
      ok: wanted <= most,
      ...(wanted <= most ? {} : { detail: `the policy allows at most ${most}` }),
    },
  ];
  const summary = `Scale out ${name} from ${replicas} to ${wanted} replicas${hpa ? ` (HPA ${hpa.metadata.name} minReplicas too)` : ""}`;
  if (!preconditions.every((check) => check.ok)) return refuse(summary, preconditions);

  const edits: ObjectEdit[] = [];
  if (hpa) edits.push(hpaEdit(hpa, wanted));
  edits.push(
    editOf(workload, [{ path: ["spec", "replicas"], before: workload.spec?.replicas, after: wanted }]),
  );
  return { summary, preconditions, edits };
});

function targets(hpa: KubernetesObject, kind: string, name: string): boolean {
  const ref = hpa.spec?.scaleTargetRef as { kind?: string; name?: string } | undefined;
  return ref?.kind === kind && ref.name === name;
}

function hpaEdit(hpa: KubernetesObject, wanted: number): ObjectEdit {
  const min = hpa.spec?.minReplicas as number | undefined;
  const max = hpa.spec?.maxReplicas as number | undefined;
  const fields = [{ path: ["spec", "minReplicas"], before: min, after: Math.max(min ?? 1, wanted) }];
  if (max !== undefined && max < wanted) {
    fields.push({ path: ["spec", "maxReplicas"], before: max, after: wanted });
  }
  return editOf(hpa, fields);
}
