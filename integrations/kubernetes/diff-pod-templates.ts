/** What changed between two revisions of a pod template, in the words a change event uses. */
export interface PodTemplateDiff {
  kind: "deploy" | "config" | "infra";
  from?: string;
  to?: string;
  detail: string;
}

type Json = Record<string, unknown>;

interface Container {
  name: string;
  image: string;
  /** Each configuration item: its name and one comparable `KEY=value` string. */
  settings: Map<string, { name: string; text: string }>;
}

const RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";

/**
 * Images first (a deploy), then configuration — env values and references, envFrom and volume
 * ConfigMap/Secret references, args, command, resources (a config change) — else the template
 * changed in some other way, e.g. `kubectl rollout restart` (infra: recorded, not blamed as a deploy).
 */
export function diffPodTemplates(previous: Json | undefined, current: Json): PodTemplateDiff {
  const before = containersOf(previous);
  const after = containersOf(current);
  const imageChanges = [...after.values()].filter(
    (container) => before.get(container.name)?.image !== container.image,
  );
  if (previous === undefined || imageChanges.length > 0 || before.size !== after.size) {
    const changed = imageChanges.length > 0 ? imageChanges : [...after.values()];
    const single = changed.length === 1;
    const describe = (image: string | undefined, name: string) =>
      image === undefined ? undefined : single ? versionOf(image) : `${name}=${versionOf(image)}`;
    const from = changed.map((c) => describe(before.get(c.name)?.image, c.name)).filter(isString);
    const to = changed.map((c) => describe(c.image, c.name)).filter(isString);
    return {
      kind: "deploy",
      ...(previous !== undefined && from.length > 0 ? { from: from.join(", ") } : {}),
      ...(to.length > 0 ? { to: to.join(", ") } : {}),
      detail: `image ${changed.map((c) => c.image).join(", ")}`,
    };
  }
  const from: string[] = [];
  const to: string[] = [];
  for (const container of after.values()) {
    const old = before.get(container.name)?.settings ?? new Map<string, { name: string; text: string }>();
    for (const key of new Set([...old.keys(), ...container.settings.keys()])) {
      const was = old.get(key);
      const now = container.settings.get(key);
      if (was?.text === now?.text) continue;
      const name = (was ?? now)?.name ?? key;
      from.push(was?.text ?? `${name}=(unset)`);
      to.push(now?.text ?? `${name}=(unset)`);
    }
  }
  const volumesBefore = volumeRefs(previous);
  const volumesAfter = volumeRefs(current);
  if (volumesBefore !== volumesAfter) {
    from.push(`volumes=${volumesBefore}`);
    to.push(`volumes=${volumesAfter}`);
  }
  if (from.length > 0)
    return { kind: "config", from: from.join(", "), to: to.join(", "), detail: "configuration" };
  const restarted = annotationOf(current, RESTARTED_AT);
  const restart = restarted !== undefined && restarted !== annotationOf(previous, RESTARTED_AT);
  return { kind: "infra", detail: restart ? `rollout restart at ${restarted}` : "pod template changed" };
}

/** The tag (`1.4.2`), else a short digest, else the whole reference. */
export function versionOf(image: string): string {
  const [name, digest] = image.split("@");
  if (digest !== undefined) return digest.replace(/^sha256:/, "").slice(0, 12);
  const tag = /:([^/:]+)$/.exec(name ?? "")?.[1];
  return tag ?? image;
}

function containersOf(template: Json | undefined): Map<string, Container> {
  const spec = (template?.spec ?? {}) as Json;
  const all = [...asArray(spec.initContainers), ...asArray(spec.containers)] as Json[];
  const out = new Map<string, Container>();
  for (const raw of all) {
    const name = String(raw.name ?? "");
    const settings = new Map<string, { name: string; text: string }>();
    for (const env of asArray(raw.env) as Json[]) {
      const key = String(env.name ?? "");
      const text =
        env.value !== undefined ? `${key}=${String(env.value)}` : `${key} from ${refOf(env.valueFrom)}`;
      settings.set(`env:${key}`, { name: key, text });
    }
    for (const source of asArray(raw.envFrom) as Json[]) {
      const ref = refOf(source);
      settings.set(`envFrom:${ref}`, { name: "envFrom", text: `envFrom=${ref}` });
    }
    for (const field of ["args", "command"] as const) {
      const text = `${field}=${asArray(raw[field]).join(" ")}`;
      if (raw[field] !== undefined) settings.set(field, { name: field, text });
    }
    if (raw.resources !== undefined) {
      settings.set("resources", { name: "resources", text: `resources=${compact(raw.resources)}` });
    }
    out.set(name, { name, image: String(raw.image ?? ""), settings });
  }
  return out;
}

/** `configMap/checkout-config.POOL`, `secret/db`: where a value or a set of values comes from. */
function refOf(source: unknown): string {
  const entries = Object.entries((source ?? {}) as Json);
  return entries
    .map(([kind, ref]) => {
      const { name, key } = (ref ?? {}) as Json;
      const label = kind.replace(/KeyRef$|Ref$/, "");
      return `${label}/${String(name ?? "")}${key !== undefined ? `.${String(key)}` : ""}`;
    })
    .join(",");
}

function volumeRefs(template: Json | undefined): string {
  const volumes = asArray(((template?.spec ?? {}) as Json).volumes) as Json[];
  return volumes
    .flatMap((volume) => {
      const configMap = (volume.configMap as Json | undefined)?.name;
      const secret = (volume.secret as Json | undefined)?.secretName;
      return [
        ...(configMap !== undefined ? [`configMap/${String(configMap)}`] : []),
        ...(secret !== undefined ? [`secret/${String(secret)}`] : []),
      ];
    })
    .sort()
    .join(",");
}

function annotationOf(template: Json | undefined, name: string): string | undefined {
  const annotations = ((template?.metadata ?? {}) as Json).annotations as Record<string, string> | undefined;
  return annotations?.[name];
}

function compact(value: unknown): string {
  return JSON.stringify(value).replace(/"/g, "");
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function isString(value: string | undefined): value is string {
  return value !== undefined;
}
