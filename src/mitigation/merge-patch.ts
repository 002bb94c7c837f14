/** A path into a JSON object, one key per segment (keys may hold dots, like annotation names). */
export type FieldPath = string[];

type JsonObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Equality as the API server sees it: a key set to null and a missing key are the same (a merge
 * patch cannot tell them apart), object key order does not matter.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === undefined || a === null) return b === undefined || b === null;
  if (b === undefined || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, index) => sameJson(item, b[index]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) if (!sameJson(a[key], b[key])) return false;
    return true;
  }
  return a === b;
}

/**
 * The RFC 7386 merge patch that turns `from` into `to`; undefined when they are the same. Objects
 * are diffed key by key (a key missing from `to` becomes null, which deletes it); anything else,
 * arrays included, is replaced whole.
 */
export function createMergePatch(from: unknown, to: unknown): unknown {
  if (sameJson(from, to)) return undefined;
  if (to === undefined || to === null) return null;
  if (!isPlainObject(from) || !isPlainObject(to)) return structuredClone(to);
  const patch: JsonObject = {};
  for (const key of Object.keys(from)) {
    if ((to[key] === undefined || to[key] === null) && from[key] !== undefined && from[key] !== null) {
      patch[key] = null;
    }
  }
  for (const [key, value] of Object.entries(to)) {
    if (value === undefined || value === null) continue;
    const inner = createMergePatch(from[key], value);
    if (inner !== undefined) patch[key] = inner;
  }
  return Object.keys(patch).length > 0 ? patch : undefined;
}

/** Applies an RFC 7386 merge patch; returns a new value and leaves `target` alone. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return structuredClone(patch);
  const result: JsonObject = isPlainObject(target) ? structuredClone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

export function getAt(object: unknown, path: FieldPath): unknown {
  let current = object;
  for (const key of path) {
    if (Array.isArray(current) && /^\d+$/.test(key)) current = current[Number(key)];
    else if (isPlainObject(current)) current = current[key];
    else return undefined;
  }
  return current;
}

/** A merge patch that sets the value at `path` to `inner` (itself a merge patch of that value). */
export function nestPatch(path: FieldPath, inner: unknown): JsonObject {
  let patch = inner;
  for (const key of [...path].reverse()) patch = { [key]: patch };
  return patch as JsonObject;
}

/** Merges patches that touch different paths into one. */
export function combinePatches(patches: JsonObject[]): JsonObject {
  let combined: JsonObject = {};
  for (const patch of patches) combined = mergeDeep(combined, patch);
  return combined;
}

function mergeDeep(into: JsonObject, from: JsonObject): JsonObject {
  const result = { ...into };
  for (const [key, value] of Object.entries(from)) {
    const existing = result[key];
    result[key] = isPlainObject(existing) && isPlainObject(value) ? mergeDeep(existing, value) : value;
  }
  return result;
}

/**
 * The leaf-level differences between two values, for the approver: `spec.template.spec.containers[0].image`
 * rather than the whole template. Paths start with `prefix`.
 */
export function leafChanges(
  prefix: string,
  before: unknown,
  after: unknown,
): Array<{ path: string; before: unknown; after: unknown }> {
  if (sameJson(before, after)) return [];
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key) => leafChanges(joinKey(prefix, key), before[key], after[key]));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((item, index) => leafChanges(`${prefix}[${index}]`, item, after[index]));
  }
  return [{ path: prefix, before: before ?? null, after: after ?? null }];
}

function joinKey(prefix: string, key: string): string {
  const plain = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : null;
  if (prefix === "") return plain ?? `[${JSON.stringify(key)}]`;
  return plain ? `${prefix}.${plain}` : `${prefix}[${JSON.stringify(key)}]`;
}

export function pathText(path: FieldPath): string {
  return path.reduce(joinKey, "");
}
