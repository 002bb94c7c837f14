import type { ChangeEvent } from "../ports/change-source.ts";
import type { KubernetesObject } from "../ports/cluster-reader.ts";

/** Env vars whose names say they hold a credential; their values never go into a case file. */
const SECRET_NAME = /pass(word)?|secret|token|api[-_]?key|credential|private[-_]?key|auth/i;
const REDACTED = "[redacted by vigil record]";
/** Holds a copy of the whole applied object, env values included, and nothing the pipeline reads. */
const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

/**
 * The cluster objects read during the investigation, each once (the last read wins), with anything
 * that could carry a credential taken out: Secrets are left out whole, env values named like
 * credentials are replaced, and server bookkeeping (`managedFields`, the last-applied copy) is
 * dropped.
 */
export function collectKubernetesObjects(objects: readonly KubernetesObject[]): KubernetesObject[] {
  const byKey = new Map<string, KubernetesObject>();
  for (const object of objects) {
    if (object.kind === "Secret") continue;
    const key = `${object.kind}\u0000${object.metadata.namespace ?? ""}\u0000${object.metadata.name}`;
    byKey.delete(key);
    byKey.set(key, redactKubernetesObject(object));
  }
  return [...byKey.values()];
}

export function redactKubernetesObject(object: KubernetesObject): KubernetesObject {
  const copy = structuredClone(object);
  delete copy.metadata.managedFields;
  if (copy.metadata.annotations && LAST_APPLIED in copy.metadata.annotations) {
    const { [LAST_APPLIED]: _dropped, ...rest } = copy.metadata.annotations;
    copy.metadata.annotations = rest;
  }
  redactEnv(copy);
  return copy;
}

/** Walks the object for container lists (pods, pod templates, job templates) and redacts their env. */
function redactEnv(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) redactEnv(item);
    return;
  }
  if (value === null || typeof value !== "object") return;
  const record = value as Record<string, unknown>;
  if (Array.isArray(record.env)) {
    for (const variable of record.env as Array<Record<string, unknown>>) {
      if (
        typeof variable?.name === "string" &&
        typeof variable.value === "string" &&
        SECRET_NAME.test(variable.name)
      )
        variable.value = REDACTED;
    }
  }
  for (const child of Object.values(record)) redactEnv(child);
}

/** Change events from every list, each once by id, oldest first. */
export function collectChanges(lists: ReadonlyArray<readonly ChangeEvent[]>): ChangeEvent[] {
  const byId = new Map<string, ChangeEvent>();
  for (const list of lists) for (const change of list) byId.set(change.id, structuredClone(change));
  return [...byId.values()].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || (a.id < b.id ? -1 : 1));
}
