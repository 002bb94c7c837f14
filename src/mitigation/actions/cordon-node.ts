import type { KubernetesObject } from "../../ports/cluster-reader.ts";
import { editOf } from "../kubernetes-edits.ts";
import { defineKubernetesAction, exists, refuse } from "./kubernetes-action.ts";

/**
 * `kubectl cordon`: the node's `spec.unschedulable` becomes true so no new pods land on it; pods
 * already there keep running. Undo uncordons it. Refused when it would leave no schedulable node.
 */
export const cordonNodeAction = defineKubernetesAction("cordon-node", async (request, ports) => {
  const { target } = request;
  const summary = `Cordon Node ${target.name}`;
  if (target.kind !== "Node") {
    return refuse(summary, [{ description: `${target.kind} ${target.name} is a Node`, ok: false }]);
  }
  const nodes = await ports.cluster.list("Node");
  const node = nodes.find((candidate) => candidate.metadata.name === target.name) ?? null;
  if (!node) return refuse(summary, [exists({ kind: "Node", name: target.name }, null)]);
  const cordoned = node.spec?.unschedulable === true;
  const others = nodes.filter((other) => other !== node && schedulable(other));
  const preconditions = [
    exists({ kind: "Node", name: target.name }, node),
    {
      description: `Node ${target.name} is schedulable now`,
      ok: !cordoned,
      ...(cordoned ? { detail: "it is already cordoned" } : {}),
    },
    {
      description: "another Ready, schedulable node remains",
      ok: others.length > 0,
      ...(others.length > 0 ? {} : { detail: "cordoning it would leave nowhere to schedule pods" }),
    },
  ];
  if (!preconditions.every((check) => check.ok)) return refuse(summary, preconditions);
  return {
    summary,
    preconditions,
    edits: [
      editOf(node, [{ path: ["spec", "unschedulable"], before: node.spec?.unschedulable, after: true }]),
    ],
  };
});

function schedulable(node: KubernetesObject): boolean {
  if (node.spec?.unschedulable === true) return false;
  const conditions = (node.status?.conditions ?? []) as Array<{ type?: string; status?: string }>;
  const ready = conditions.find((condition) => condition.type === "Ready");
  return ready === undefined || ready.status === "True";
}
