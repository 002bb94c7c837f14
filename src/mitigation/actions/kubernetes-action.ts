import type { KubernetesObject } from "../../ports/cluster-reader.ts";
import {
  applyEdits,
  describeObject,
  type EditsOutcome,
  editChanges,
  type ObjectEdit,
  undoEdits,
} from "../kubernetes-edits.ts";
import { verifyRecovery } from "../verify-recovery.ts";
import type {
  ActionRequest,
  CatalogAction,
  CatalogActionName,
  ExecutePorts,
  ExecutionRecord,
  PlanPorts,
  Precondition,
  StepOutcome,
} from "./catalog-action.ts";
import { notConfigured } from "./catalog-action.ts";

/** What a Kubernetes action found in live state: its checks and, when they hold, its edits. */
export interface Inspection {
  summary: string;
  preconditions: Precondition[];
  edits: ObjectEdit[];
}

/** A catalog action that changes Kubernetes objects by JSON merge patch. */
export function defineKubernetesAction(
  action: CatalogActionName,
  inspect: (request: ActionRequest, ports: PlanPorts) => Promise<Inspection>,
): CatalogAction {
  const run = async (
    record: ExecutionRecord,
    ports: ExecutePorts,
    move: typeof applyEdits,
  ): Promise<StepOutcome> => {
    if (record.type !== "kubernetes") throw new Error(`${action} cannot execute a ${record.type} record`);
    if (!ports.writer) return notConfigured("no Kubernetes writer is configured: Vigil can only plan");
    const outcome = await move(record.edits, { cluster: ports.cluster, writer: ports.writer });
    return toStep(outcome, record.edits, move === applyEdits);
  };
  return {
    action,
    async preconditions(request, ports) {
      return (await inspect(request, ports)).preconditions;
    },
    async plan(request, ports) {
      const inspection = await inspect(request, ports);
      const ready = inspection.preconditions.every((check) => check.ok);
      return {
        summary: inspection.summary,
        preconditions: inspection.preconditions,
        changes: ready ? editChanges(inspection.edits) : [],
        record: ready ? { type: "kubernetes", edits: inspection.edits } : null,
      };
    },
    apply: (record, ports) => run(record, ports, applyEdits),
    verify: verifyRecovery,
    undo: (record, ports) => run(record, ports, undoEdits),
  };
}

function toStep(outcome: EditsOutcome, edits: ObjectEdit[], forward: boolean): StepOutcome {
  if (!outcome.ok) return outcome;
  const values = (side: "before" | "after") =>
    edits.map((edit) => ({
      object: describeObject(edit),
      fields: edit.fields.map((field) => ({ path: field.path, value: field[side] ?? null })),
    }));
  return {
    ok: true,
    detail: outcome.detail,
    before: values(forward ? "before" : "after"),
    after: values(forward ? "after" : "before"),
  };
}

/** `Deployment shop/checkout exists` as a precondition. */
export function exists(
  ref: { kind: string; namespace?: string; name: string },
  object: KubernetesObject | null,
): Precondition {
  return {
    description: `${describeObject(ref)} exists`,
    ok: object !== null,
    ...(object ? {} : { detail: "not found in the cluster" }),
  };
}

export function notPaused(object: KubernetesObject): Precondition {
  const paused = object.spec?.paused === true;
  return {
    description: `${describeObject(targetOf(object))} is not paused`,
    ok: !paused,
    ...(paused ? { detail: "a paused rollout is someone's deliberate hold" } : {}),
  };
}

export function targetOf(object: KubernetesObject): { kind: string; namespace?: string; name: string } {
  return {
    kind: object.kind,
    ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
    name: object.metadata.name,
  };
}

export function refuse(summary: string, preconditions: Precondition[]): Inspection {
  return { summary, preconditions, edits: [] };
}
