import type { ClusterReader, KubernetesObject } from "../ports/cluster-reader.ts";
import { ClusterConflictError, type ClusterWriter } from "../ports/cluster-writer.ts";
import { SourceUnavailableError } from "../ports/source-errors.ts";
import {
  combinePatches,
  createMergePatch,
  type FieldPath,
  getAt,
  leafChanges,
  nestPatch,
  pathText,
  sameJson,
} from "./merge-patch.ts";

/** One field an action changes: its value before and after (undefined = absent). */
export interface FieldEdit {
  path: FieldPath;
  before?: unknown;
  after?: unknown;
}

/** The exact change to one object, recorded when planned: the before-state undo restores. */
export interface ObjectEdit {
  kind: string;
  namespace?: string;
  name: string;
  /** The version the plan was made against. */
  resourceVersion: string;
  fields: FieldEdit[];
}

export type EditFailure = "missing" | "changed" | "conflict" | "unavailable" | "rejected";

export type EditsOutcome =
  | { ok: true; versions: string[]; detail: string }
  | { ok: false; failure: EditFailure; message: string; compensated: boolean };

export interface EditPorts {
  cluster: ClusterReader;
  writer: ClusterWriter;
}

type Side = "before" | "after";

/** Moves every edit from its before-state to its after-state, in order; a failure puts back what moved. */
export async function applyEdits(edits: ObjectEdit[], ports: EditPorts): Promise<EditsOutcome> {
  return await moveAll(edits, "before", "after", ports);
}

/** Restores every edit's before-state, last edit first. */
export async function undoEdits(edits: ObjectEdit[], ports: EditPorts): Promise<EditsOutcome> {
  return await moveAll([...edits].reverse(), "after", "before", ports);
}

export function describeObject(ref: { kind: string; namespace?: string; name: string }): string {
  return `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ""}${ref.name}`;
}

/** The approver's view of the edits: one line per changed leaf field. */
export function editChanges(edits: ObjectEdit[]): Array<{ path: string; before: unknown; after: unknown }> {
  return edits.flatMap((edit) =>
    edit.fields.flatMap((field) =>
      leafChanges(`${describeObject(edit)}: ${pathText(field.path)}`, field.before, field.after),
    ),
  );
}

/** An edit whose fields hold `after` on `object`, recorded against the object's current version. */
export function editOf(object: KubernetesObject, fields: FieldEdit[]): ObjectEdit {
  return {
    kind: object.kind,
    ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
    name: object.metadata.name,
    resourceVersion: object.metadata.resourceVersion ?? "",
    fields: fields.map((field) => ({
      path: field.path,
      ...(field.before === undefined ? {} : { before: structuredClone(field.before) }),
      ...(field.after === undefined ? {} : { after: structuredClone(field.after) }),
    })),
  };
}

async function moveAll(edits: ObjectEdit[], from: Side, to: Side, ports: EditPorts): Promise<EditsOutcome> {
  const moved: ObjectEdit[] = [];
  const versions: string[] = [];
  for (const edit of edits) {
    const outcome = await moveOne(edit, from, to, ports);
    if (!outcome.ok) {
      // Put back what already moved, so the objects are never left half changed.
      let compensated = true;
      for (const done of moved.reverse()) {
        const back = await moveOne(done, to, from, ports);
        if (!back.ok) compensated = false;
      }
      return { ok: false, failure: outcome.failure, message: outcome.message, compensated };
    }
    moved.push(edit);
    versions.push(outcome.version);
  }
  return {
    ok: true,
    versions,
    detail: edits.map((edit, index) => `${describeObject(edit)} at ${versions[index]}`).join(", "),
  };
}

type MoveOutcome = { ok: true; version: string } | { ok: false; failure: EditFailure; message: string };

async function moveOne(edit: ObjectEdit, from: Side, to: Side, ports: EditPorts): Promise<MoveOutcome> {
  const name = describeObject(edit);
  let live: KubernetesObject | null;
  try {
    live = await ports.cluster.get(edit.kind, edit.namespace, edit.name);
  } catch (error) {
    return unavailable(name, error);
  }
  if (!live) return { ok: false, failure: "missing", message: `${name} no longer exists` };
  const current = edit.fields.map((field) => getAt(live, field.path));
  // Already where it should be: a repeated step changes nothing (idempotent).
  if (edit.fields.every((field, index) => sameJson(current[index], field[to]))) {
    return { ok: true, version: live.metadata.resourceVersion ?? "" };
  }
  const drifted = edit.fields.findIndex((field, index) => !sameJson(current[index], field[from]));
  if (drifted >= 0) {
    const field = edit.fields[drifted]!;
    const since = from === "before" ? "it was planned" : "Vigil changed it";
    return {
      ok: false,
      failure: "changed",
      message: `${name} changed since ${since}: ${pathText(field.path)} is ${show(current[drifted])}, expected ${show(field[from])}`,
    };
  }
  const patch = combinePatches(
    edit.fields.flatMap((field, index) => {
      const inner = createMergePatch(current[index], field[to]);
      return inner === undefined ? [] : [nestPatch(field.path, inner)];
    }),
  );
  try {
    const stored = await ports.writer.patch(edit.kind, edit.namespace, edit.name, patch, {
      ...(live.metadata.resourceVersion ? { resourceVersion: live.metadata.resourceVersion } : {}),
    });
    return { ok: true, version: stored.metadata.resourceVersion ?? "" };
  } catch (error) {
    if (error instanceof ClusterConflictError) {
      return {
        ok: false,
        failure: "conflict",
        message: `${name} was changed by someone else at the same moment (409 Conflict)`,
      };
    }
    return unavailable(name, error);
  }
}

/** The API server could not be asked, or refused the request: either way nothing changed. */
function unavailable(name: string, error: unknown): MoveOutcome {
  const message = `${name}: ${error instanceof Error ? error.message : String(error)}`;
  return {
    ok: false,
    failure: error instanceof SourceUnavailableError ? "unavailable" : "rejected",
    message,
  };
}

function show(value: unknown): string {
  const text = JSON.stringify(value ?? null);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
