import type { ChangeEvent } from "../../src/ports/change-source.ts";

/** The fields of a GitHub deployment (REST `GET /repos/{owner}/{repo}/deployments`) that are read. */
export interface GithubDeployment {
  id: number;
  sha?: string;
  ref?: string;
  task?: string;
  environment?: string;
  description?: string | null;
  creator?: { login?: string } | null;
  created_at: string;
}

export interface GithubDeploymentStatus {
  state: string;
  created_at: string;
}

export interface GithubRepoMapping {
  repo: string;
  service: string;
  namespace?: string;
}

/**
 * When a deployment took effect, from its statuses (newest first, as GitHub sends them): the first
 * `success`; while it is still queued or in progress, its creation (it is happening now); a deployment
 * that only failed changed nothing and is left out (null). No statuses at all: its creation, since many
 * pipelines never report one.
 */
export function effectiveTime(
  deployment: GithubDeployment,
  statuses: readonly GithubDeploymentStatus[],
): string | null {
  if (statuses.length === 0) return deployment.created_at;
  const successes = statuses
    .filter((status) => status.state === "success")
    .map((status) => status.created_at);
  if (successes.length > 0) return successes.sort()[0] ?? null;
  const latest = [...statuses].sort((a, b) => (a.created_at < b.created_at ? 1 : -1))[0];
  return latest && ["queued", "pending", "in_progress"].includes(latest.state) ? deployment.created_at : null;
}

/** `deploy:migrations` and the like are migrations, `deploy:config` config, anything else a deploy. */
export function kindOfTask(task: string | undefined): ChangeEvent["kind"] {
  if (task && /migrat/i.test(task)) return "migration";
  if (task && /config/i.test(task)) return "config";
  return "deploy";
}

/** A ref names the version (a tag, a branch); a bare commit is shortened to 7 characters. */
export function versionOfDeployment(deployment: GithubDeployment): string {
  const ref = deployment.ref ?? deployment.sha ?? "";
  return /^[0-9a-f]{40}$/.test(ref) ? ref.slice(0, 7) : ref;
}

/**
 * Deployments of one repository (newest first) with their effective times, as change events; `from`
 * is the version of the deployment before it to the same environment that did not fail.
 */
export function mapGithubDeployments(
  mapping: GithubRepoMapping,
  deployments: ReadonlyArray<{ deployment: GithubDeployment; at: string | null | undefined }>,
): ChangeEvent[] {
  const oldestFirst = [...deployments].sort((a, b) => a.deployment.id - b.deployment.id);
  const lastVersion = new Map<string, string>();
  const changes: ChangeEvent[] = [];
  for (const { deployment, at } of oldestFirst) {
    const environment = deployment.environment ?? "";
    const version = versionOfDeployment(deployment);
    const from = lastVersion.get(environment);
    // Deployments older than the range come without statuses (undefined): they count as deployed.
    if (at === null) continue;
    lastVersion.set(environment, version);
    if (at === undefined) continue;
    changes.push({
      id: `gh-deploy-${deployment.id}`,
      kind: kindOfTask(deployment.task),
      service: mapping.service,
      ...(mapping.namespace ? { namespace: mapping.namespace } : {}),
      at,
      ...(from !== undefined ? { from } : {}),
      to: version,
      ...(deployment.creator?.login ? { author: deployment.creator.login } : {}),
      summary: deployment.description || `${mapping.repo} ${version} to ${environment || "an environment"}`,
      origin: "github",
    });
  }
  return changes;
}
