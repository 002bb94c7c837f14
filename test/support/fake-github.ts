/**
 * A loopback GitHub REST API for tests: `GET /repos/{owner}/{repo}/deployments` (newest first;
 * `environment`, `ref`, `task`, `sha` filters; `per_page` up to 100, default 30, and `page`, with a
 * `Link` header carrying absolute `next`/`last`/`prev`/`first` URLs) and
 * `GET /repos/{owner}/{repo}/deployments/{id}/statuses` (newest first, paged the same way). Bodies are
 * shaped as api.github.com answers them; refused tokens get 401 `Bad credentials`, unknown
 * repositories 404 `Not Found`, a request without User-Agent 403, and rate-limit headers come on
 * every answer (`rateLimitRemaining: 0` answers 403 `API rate limit exceeded`). Build data with
 * `githubDeployment(...)`; `requests` records paths, queries and headers; `failNext(count, status)`
 * simulates an outage; `stop()` closes it.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { ChangeEvent } from "../../src/ports/change-source.ts";

export interface FakeGithubDeploymentInput {
  id: number;
  ref: string;
  environment?: string;
  createdAt: string;
  creator?: string;
  description?: string | null;
  task?: string;
  sha?: string;
  /** Oldest first here; served newest first. */
  statuses?: Array<{ state: string; createdAt: string }>;
}

export interface FakeGithub {
  url: string;
  token: string;
  requests: Array<{
    path: string;
    query: Record<string, string>;
    headers: Record<string, string | undefined>;
  }>;
  failNext(count: number, status?: number): void;
  stop(): Promise<void>;
}

export function githubDeployment(input: FakeGithubDeploymentInput): FakeGithubDeploymentInput {
  return input;
}

export async function startFakeGithub(options: {
  repos: Record<string, FakeGithubDeploymentInput[]>;
  token?: string;
  rateLimitRemaining?: number;
}): Promise<FakeGithub> {
  const token = options.token ?? "ghp_fake";
  const requests: FakeGithub["requests"] = [];
  const failures = { count: 0, status: 502 };
  let base = "";
  const docs = "https://docs.github.com/rest";

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", base);
    const query = Object.fromEntries(url.searchParams);
    const headers = {
      authorization: request.headers.authorization,
      accept: request.headers.accept,
      "x-github-api-version": header(request.headers["x-github-api-version"]),
      "user-agent": request.headers["user-agent"],
    };
    requests.push({ path: url.pathname, query, headers });
    const remaining = options.rateLimitRemaining ?? 4999;
    const reply = (status: number, body: unknown, extra: Record<string, string> = {}) => {
      response.writeHead(status, {
        "content-type": "application/json; charset=utf-8",
        "x-github-api-version-selected": "2022-11-28",
        "x-ratelimit-limit": "5000",
        "x-ratelimit-remaining": String(remaining),
        "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + 3600),
        "x-ratelimit-resource": "core",
        ...extra,
      });
      response.end(JSON.stringify(body));
    };
    if (failures.count > 0) {
      failures.count--;
      return reply(failures.status, { message: "Server Error" });
    }
    if (!headers["user-agent"]) {
      return reply(403, {
        message:
          "Request forbidden by administrative rules. Please make sure your request has a User-Agent header",
      });
    }
    const given = headers.authorization?.replace(/^(Bearer|token) /, "");
    if (headers.authorization !== undefined && given !== token) {
      return reply(401, { message: "Bad credentials", documentation_url: docs, status: "401" });
    }
    if (remaining === 0) {
      return reply(403, {
        message: "API rate limit exceeded for user ID 1.",
        documentation_url: docs,
        status: "403",
      });
    }
    const match = /^\/repos\/([^/]+\/[^/]+)\/deployments(?:\/(\d+)\/statuses)?$/.exec(url.pathname);
    const deployments = match ? options.repos[match[1] ?? ""] : undefined;
    // A private repository without a token looks exactly like a missing one.
    if (!match || !deployments || headers.authorization === undefined) {
      return reply(404, { message: "Not Found", documentation_url: docs, status: "404" });
    }
    const repo = match[1] ?? "";
    const repoUrl = `${base}/repos/${repo}`;
    if (match[2] !== undefined) {
      const deployment = deployments.find((candidate) => candidate.id === Number(match[2]));
      if (!deployment) return reply(404, { message: "Not Found", documentation_url: docs, status: "404" });
      const statuses = (deployment.statuses ?? [])
        .map((status, index) => ({
          url: `${repoUrl}/deployments/${deployment.id}/statuses/${deployment.id * 100 + index}`,
          id: deployment.id * 100 + index,
          node_id: `DES_${deployment.id}_${index}`,
          state: status.state,
          creator: user(deployment.creator ?? "github-actions[bot]"),
          description: "",
          environment: deployment.environment ?? "production",
          target_url: "",
          log_url: "",
          environment_url: "",
          created_at: status.createdAt,
          updated_at: status.createdAt,
          deployment_url: `${repoUrl}/deployments/${deployment.id}`,
          repository_url: repoUrl,
        }))
        .reverse();
      return page(statuses);
    }
    const filtered = deployments
      .filter((d) => !query.environment || (d.environment ?? "production") === query.environment)
      .filter((d) => !query.ref || d.ref === query.ref)
      .filter((d) => !query.task || (d.task ?? "deploy") === query.task)
      .sort((a, b) => b.id - a.id)
      .map((d) => ({
        url: `${repoUrl}/deployments/${d.id}`,
        id: d.id,
        node_id: `DE_${d.id}`,
        sha: d.sha ?? d.id.toString(16).padStart(40, "0"),
        ref: d.ref,
        task: d.task ?? "deploy",
        payload: {},
        original_environment: d.environment ?? "production",
        environment: d.environment ?? "production",
        description: d.description ?? null,
        creator: user(d.creator ?? "github-actions[bot]"),
        created_at: d.createdAt,
        updated_at: d.createdAt,
        statuses_url: `${repoUrl}/deployments/${d.id}/statuses`,
        repository_url: repoUrl,
        transient_environment: false,
        production_environment: (d.environment ?? "production") === "production",
      }));
    return page(filtered);

    function page(items: unknown[]) {
      const perPage = Math.min(Number(query.per_page ?? 30) || 30, 100);
      const number = Math.max(Number(query.page ?? 1) || 1, 1);
      const last = Math.max(Math.ceil(items.length / perPage), 1);
      const link = (target: number, rel: string) => {
        const next = new URL(url);
        next.searchParams.set("per_page", String(perPage));
        next.searchParams.set("page", String(target));
        return `<${next.toString()}>; rel="${rel}"`;
      };
      const links = [
        ...(number < last ? [link(number + 1, "next"), link(last, "last")] : []),
        ...(number > 1 ? [link(1, "first"), link(number - 1, "prev")] : []),
      ];
      reply(
        200,
        items.slice((number - 1) * perPage, number * perPage),
        links.length ? { link: links.join(", ") } : {},
      );
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    token,
    requests,
    failNext(count, status = 502) {
      failures.count = count;
      failures.status = status;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function user(login: string) {
  return { login, id: login.length, type: login.endsWith("[bot]") ? "Bot" : "User", site_admin: false };
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * One repository per service (`acme/<service>`): each change is a deployment created 30 s before it
 * took effect (its `success` status at the change's time) to the ref `to`; config changes are the
 * `deploy:config` task. A base deployment a day earlier deploys the first change's `from`. Flags are
 * not GitHub deployments and are not seeded.
 */
export function githubReposFor(changes: readonly ChangeEvent[]): {
  repos: Record<string, FakeGithubDeploymentInput[]>;
  mappings: Array<{ repo: string; service: string; namespace?: string }>;
  idOf: Map<string, string>;
} {
  const repos: Record<string, FakeGithubDeploymentInput[]> = {};
  const mappings: Array<{ repo: string; service: string; namespace?: string }> = [];
  const idOf = new Map<string, string>();
  let id = 1000;
  const sorted = [...changes].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  for (const change of sorted) {
    if (change.kind !== "deploy" && change.kind !== "config") continue;
    const repo = `acme/${change.service}`;
    const task = change.kind === "config" ? "deploy:config" : "deploy";
    const deploy = (ref: string, at: number): FakeGithubDeploymentInput => ({
      id: ++id,
      ref,
      task,
      createdAt: new Date(at - 30_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
      statuses: [
        { state: "in_progress", createdAt: new Date(at - 20_000).toISOString() },
        { state: "success", createdAt: new Date(at).toISOString().replace(/\.\d{3}Z$/, "Z") },
      ],
      ...(change.author ? { creator: change.author } : {}),
      ...(change.summary ? { description: change.summary } : {}),
    });
    if (!repos[repo]) {
      repos[repo] = [];
      mappings.push({
        repo,
        service: change.service,
        ...(change.namespace ? { namespace: change.namespace } : {}),
      });
      if (change.from !== undefined)
        repos[repo].push(deploy(change.from, Date.parse(change.at) - 86_400_000));
    }
    const deployment = deploy(change.to ?? "main", Date.parse(change.at));
    repos[repo]?.push(deployment);
    idOf.set(`gh-deploy-${deployment.id}`, change.id);
  }
  return { repos, mappings, idOf };
}
