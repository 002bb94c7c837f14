import type { ChangeEvent } from "../../src/ports/change-source.ts";

/** The parts of an Argo CD `Application` (argoproj.io/v1alpha1) that its sync history is read from. */
export interface ArgoApplication {
  metadata?: { name?: string; namespace?: string };
  spec?: { destination?: { namespace?: string } };
  status?: { history?: ArgoHistoryEntry[] | null };
}

/** One `status.history[]` entry (`RevisionHistory`): a sync that finished at `deployedAt`. */
export interface ArgoHistoryEntry {
  id?: number;
  revision?: string;
  revisions?: string[];
  deployedAt?: string;
  deployStartedAt?: string;
  source?: ArgoSource;
  sources?: ArgoSource[];
  initiatedBy?: { username?: string; automated?: boolean };
}

interface ArgoSource {
  repoURL?: string;
  path?: string;
  chart?: string;
  targetRevision?: string;
  helm?: {
    parameters?: Array<{ name?: string; value?: string }>;
    values?: string;
    valuesObject?: unknown;
    valueFiles?: string[];
  };
  kustomize?: { images?: string[] };
}

/**
 * Each sync in an application's history as a change: a new revision is a deploy (from the revision
 * before it: a Helm chart version, or a git commit shortened to 7); the same revision with other
 * Helm parameters, values or Kustomize images is a config change listing what changed; the same
 * revision and source again is a re-sync, recorded as infra (it is not a new version to blame).
 */
export function mapArgoHistory(application: ArgoApplication, service: string): ChangeEvent[] {
  const name = application.metadata?.name ?? service;
  const namespace = application.spec?.destination?.namespace;
  const history = [...(application.status?.history ?? [])].sort((a, b) => (a.id ?? 0) - (b.id ?? 0));
  const changes: ChangeEvent[] = [];
  history.forEach((entry, index) => {
    if (entry.deployedAt === undefined) return;
    const previous = history[index - 1];
    const version = versionOf(entry);
    const base = {
      id: `argocd-${name}-${entry.id ?? index}`,
      service,
      ...(namespace ? { namespace } : {}),
      at: entry.deployedAt,
      ...authorOf(entry),
      origin: "argocd",
    };
    if (previous === undefined || versionOf(previous) !== version) {
      changes.push({
        ...base,
        kind: "deploy",
        ...(previous ? { from: versionOf(previous) } : {}),
        to: version,
        summary: `Sync ${name} to ${version}${where(entry)}`,
      });
      return;
    }
    const before = settingsOf(previous);
    const after = settingsOf(entry);
    const keys = [...new Set([...before.keys(), ...after.keys()])].filter(
      (key) => before.get(key) !== after.get(key),
    );
    if (keys.length === 0) {
      changes.push({ ...base, kind: "infra", to: version, summary: `Re-sync of ${name} at ${version}` });
      return;
    }
    const show = (settings: Map<string, string>) =>
      keys.map((key) => `${key}=${settings.get(key) ?? "(unset)"}`).join(", ");
    changes.push({
      ...base,
      kind: "config",
      from: show(before),
      to: show(after),
      summary: `Sync ${name} at ${version} with changed ${keys.join(", ")}`,
    });
  });
  return changes;
}

function versionOf(entry: ArgoHistoryEntry): string {
  const revisions = entry.revisions ?? (entry.revision !== undefined ? [entry.revision] : []);
  return revisions
    .map((revision) => (/^[0-9a-f]{40}$/.test(revision) ? revision.slice(0, 7) : revision))
    .join(",");
}

/** Helm parameters by name, Helm values as one item, Kustomize images by image name. */
function settingsOf(entry: ArgoHistoryEntry): Map<string, string> {
  const settings = new Map<string, string>();
  for (const source of entry.sources ?? (entry.source ? [entry.source] : [])) {
    for (const parameter of source.helm?.parameters ?? []) {
      if (parameter.name !== undefined) settings.set(parameter.name, parameter.value ?? "");
    }
    if (source.helm?.values !== undefined) settings.set("values", source.helm.values);
    if (source.helm?.valuesObject !== undefined)
      settings.set("values", JSON.stringify(source.helm.valuesObject));
    if (source.helm?.valueFiles !== undefined) settings.set("valueFiles", source.helm.valueFiles.join(","));
    for (const image of source.kustomize?.images ?? []) {
      const match = /^(.*?)([:@][^:@/]+)?$/.exec(image);
      settings.set(match?.[1] ?? image, match?.[2]?.slice(1) ?? "");
    }
  }
  return settings;
}

function authorOf(entry: ArgoHistoryEntry): { author?: string } {
  if (entry.initiatedBy?.username) return { author: entry.initiatedBy.username };
  return entry.initiatedBy?.automated ? { author: "argocd (automated sync)" } : {};
}

function where(entry: ArgoHistoryEntry): string {
  const source = entry.source ?? entry.sources?.[0];
  if (!source?.repoURL) return "";
  const path = source.chart ?? source.path;
  return ` (${source.repoURL}${path ? ` ${path}` : ""})`;
}
