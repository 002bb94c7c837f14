import type { ChangeEvent } from "../../ports/change-source.ts";
import type { KubernetesObject } from "../../ports/cluster-reader.ts";
import { describeObject, editOf, type ObjectEdit } from "../kubernetes-edits.ts";
import { getAt } from "../merge-patch.ts";
import type { ActionRequest, PlanPorts, Precondition } from "./catalog-action.ts";
import { findConfigValue } from "./find-config-value.ts";
import { defineKubernetesAction, exists, refuse } from "./kubernetes-action.ts";

const RESTARTED_AT = ["spec", "template", "metadata", "annotations", "kubectl.kubernetes.io/restartedAt"];

/**
 * Puts the setting the blamed change touched back to the change's `from`: an env value in the pod
 * template, a Secret reference, or a ConfigMap key the workload reads (then the workload is also
 * restarted, since pods read ConfigMap env only when they start). Refused when the value is no
 * longer what the change set: someone changed it since, and reverting would undo their change.
 */
export const revertConfigAction = defineKubernetesAction("revert-config", async (request, ports) => {
  const { target } = request;
  const name = describeObject(target);
  const change = await blamedChange(request, ports);
  const setting = change ? parseSetting(change, request.hypothesis?.subject) : null;
  const found: Precondition[] = [
    {
      description: "the blamed change is in the change history",
      ok: change !== null,
      ...(change ? {} : { detail: `change ${request.hypothesis?.changeId ?? "(none named)"} not found` }),
    },
    {
      description: "the change says which setting it changed and from what",
      ok: setting !== null,
      ...(setting || !change ? {} : { detail: `from ${change.from ?? "?"} to ${change.to ?? "?"}` }),
    },
  ];
  if (!setting) return refuse(`Revert configuration of ${name}`, found);
  const summary = `Revert ${setting.key} of ${name} from ${JSON.stringify(setting.to)} to ${JSON.stringify(setting.from)}`;

  const object = await ports.cluster.get(target.kind, target.namespace, target.name);
  if (!object) return refuse(summary, [...found, exists(target, null)]);
  const location = await findConfigValue(object, setting.key, ports.cluster);
  const located: Precondition = {
    description: `${name} reads ${setting.key}`,
    ok: location !== null,
    ...(location
      ? { detail: location.where }
      : { detail: "not in its env, envFrom, volumes or its ConfigMaps" }),
  };
  if (!location) return refuse(summary, [...found, exists(target, object), located]);
  const current = location.value;
  const unchanged: Precondition = {
    description: `${setting.key} still holds the value the change set (${JSON.stringify(setting.to)})`,
    ok: current === setting.to,
    ...(current === setting.to ? {} : { detail: `it is ${JSON.stringify(current)} now` }),
  };
  const preconditions = [...found, exists(target, object), located, unchanged];
  if (!unchanged.ok) return refuse(summary, preconditions);
  return { summary, preconditions, edits: editsFor(location, setting.from, object, request.now) };
});

function editsFor(
  location: NonNullable<Awaited<ReturnType<typeof findConfigValue>>>,
  value: string,
  workload: KubernetesObject,
  now: Date,
): ObjectEdit[] {
  const object = location.object;
  const after = location.rewrite(value);
  const edits = [editOf(object, [{ path: location.path, before: getAt(object, location.path), after }])];
  // A ConfigMap change reaches env only through new pods.
  if (object !== workload && workload.spec?.template !== undefined) {
    edits.push(
      editOf(workload, [
        { path: RESTARTED_AT, before: getAt(workload, RESTARTED_AT), after: now.toISOString() },
      ]),
    );
  }
  return edits;
}

async function blamedChange(request: ActionRequest, ports: PlanPorts): Promise<ChangeEvent | null> {
  const id = request.hypothesis?.changeId;
  if (!id) return null;
  const changes = await ports.changes.list({ start: request.window.start, end: request.window.end });
  return changes.find((change) => change.id === id) ?? null;
}

/** `KEY=value` on both sides, or the hypothesis' subject as the key with bare values. */
export function parseSetting(
  change: ChangeEvent,
  subject: string | undefined,
): { key: string; from: string; to: string } | null {
  const from = change.from === undefined ? undefined : splitSetting(change.from);
  const to = change.to === undefined ? undefined : splitSetting(change.to);
  if (from && to && from.key === to.key) return { key: from.key, from: from.value, to: to.value };
  if (subject && change.from !== undefined && change.to !== undefined && !from && !to) {
    return { key: subject, from: change.from, to: change.to };
  }
  return null;
}

function splitSetting(text: string): { key: string; value: string } | null {
  const match = /^\s*([A-Za-z_][\w.-]*)\s*=(.*)$/s.exec(text);
  return match ? { key: match[1]!, value: match[2]!.trim() } : null;
}
