import { describeObject, editOf } from "../kubernetes-edits.ts";
import { getAt } from "../merge-patch.ts";
import { defineKubernetesAction, exists, notPaused, refuse } from "./kubernetes-action.ts";

const RESTARTED_AT = ["spec", "template", "metadata", "annotations", "kubectl.kubernetes.io/restartedAt"];
const RESTARTABLE = ["Deployment", "StatefulSet", "DaemonSet"];

/**
 * `kubectl rollout restart`: a new `kubectl.kubernetes.io/restartedAt` template annotation rolls
 * every pod on the same revision. Undo puts the annotation back as it was (which rolls the pods
 * once more, still on the same revision).
 */
export const restartAction = defineKubernetesAction("restart", async (request, ports) => {
  const { target } = request;
  const summary = `Restart ${describeObject(target)} (rolling, same revision)`;
  if (!RESTARTABLE.includes(target.kind)) {
    return refuse(summary, [
      { description: `${describeObject(target)} is a workload with a pod template`, ok: false },
    ]);
  }
  const workload = await ports.cluster.get(target.kind, target.namespace, target.name);
  if (!workload) return refuse(summary, [exists(target, null)]);
  const preconditions = [exists(target, workload), notPaused(workload)];
  if (!preconditions.every((check) => check.ok)) return refuse(summary, preconditions);
  return {
    summary,
    preconditions,
    edits: [
      editOf(workload, [
        { path: RESTARTED_AT, before: getAt(workload, RESTARTED_AT), after: request.now.toISOString() },
      ]),
    ],
  };
});
