/**
 * A loopback Argo CD API server for tests: `GET /api/v1/applications` (an `ApplicationList`; items
 * without kind/apiVersion, as the server sends them; filters `name`, `projects`, `selector` on
 * labels `k=v`) and `GET /api/v1/applications/{name}`, behind a bearer token (Argo CD's gRPC-gateway
 * error body `{error, code, message}` with 401 otherwise, 404 for an unknown application). Build
 * applications with `argoApplication(...)`; `requests` records what was asked; `failNext(count,
 * status)` simulates an unhealthy server; `stop()` closes it.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { ChangeEvent } from "../../src/ports/change-source.ts";

export interface FakeArgoHistoryEntry {
  id: number;
  revision: string;
  deployedAt: string;
  deployStartedAt?: string;
  source?: Record<string, unknown>;
  initiatedBy?: { username?: string; automated?: boolean };
}

export interface FakeArgoApplication {
  apiVersion: "argoproj.io/v1alpha1";
  kind: "Application";
  metadata: { name: string; namespace: string; labels?: Record<string, string>; [key: string]: unknown };
  spec: Record<string, unknown> & { project: string };
  status: Record<string, unknown> & { history: FakeArgoHistoryEntry[] };
}

export interface FakeArgocd {
  url: string;
  token: string;
  requests: Array<{ path: string; query: Record<string, string>; authorization: string | null }>;
  failNext(count: number, status?: number): void;
  stop(): Promise<void>;
}

/** An Application as `argocd app get -o json` prints it, with the given sync history. */
export function argoApplication(options: {
  name: string;
  namespace: string;
  history: FakeArgoHistoryEntry[];
  repoURL?: string;
  chart?: string;
  project?: string;
  labels?: Record<string, string>;
}): FakeArgoApplication {
  const last = options.history.at(-1);
  const source = {
    repoURL: options.repoURL ?? "https://charts.example.com",
    ...(options.chart ? { chart: options.chart } : { path: `apps/${options.name}` }),
    targetRevision: last?.revision ?? "HEAD",
  };
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: {
      name: options.name,
      namespace: "argocd",
      ...(options.labels ? { labels: options.labels } : {}),
      uid: `uid-${options.name}`,
      resourceVersion: "1000",
      creationTimestamp: "2024-01-01T00:00:00Z",
    },
    spec: {
      project: options.project ?? "default",
      source,
      destination: { server: "https://kubernetes.default.svc", namespace: options.namespace },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
    status: {
      sync: { status: "Synced", revision: last?.revision ?? "" },
      health: { status: "Healthy" },
      history: options.history.map((entry) => ({ source, ...entry })),
      operationState: last
        ? {
            phase: "Succeeded",
            startedAt: last.deployStartedAt ?? last.deployedAt,
            finishedAt: last.deployedAt,
          }
        : undefined,
    },
  };
}

export async function startFakeArgocd(options: {
  applications: FakeArgoApplication[];
  token?: string;
}): Promise<FakeArgocd> {
  const token = options.token ?? "argocd-token";
  const requests: FakeArgocd["requests"] = [];
  const failures = { count: 0, status: 503 };
  const error = (code: number, message: string) => ({ error: message, code, message });

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://argocd");
    const query = Object.fromEntries(url.searchParams);
    const authorization = request.headers.authorization ?? null;
    requests.push({ path: url.pathname, query, authorization });
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (failures.count > 0) {
      failures.count--;
      return reply(failures.status, error(14, "upstream connect error"));
    }
    if (authorization !== `Bearer ${token}`) return reply(401, error(16, "no session information"));
    if (url.pathname === "/api/v1/applications") {
      const projects = url.searchParams.getAll("projects");
      const selector = url.searchParams.get("selector");
      const items = options.applications
        .filter((app) => !query.name || app.metadata.name === query.name)
        .filter((app) => projects.length === 0 || projects.includes(app.spec.project))
        .filter((app) => !selector || matches(app.metadata.labels ?? {}, selector))
        .map(({ apiVersion: _apiVersion, kind: _kind, ...item }) => item);
      // Go's nil slice: a list with nothing in it says `null`.
      return reply(200, { metadata: { resourceVersion: "1000" }, items: items.length > 0 ? items : null });
    }
    const one = /^\/api\/v1\/applications\/([^/]+)$/.exec(url.pathname);
    if (one) {
      const app = options.applications.find(
        (candidate) => candidate.metadata.name === decodeURIComponent(one[1] ?? ""),
      );
      return app ? reply(200, app) : reply(404, error(5, `applications.argoproj.io "${one[1]}" not found`));
    }
    return reply(404, error(5, "Not Found"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    token,
    requests,
    failNext(count, status = 503) {
      failures.count = count;
      failures.status = status;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function matches(labels: Record<string, string>, selector: string): boolean {
  return selector.split(",").every((term) => {
    const [key = "", value] = term.split("=");
    return labels[key.trim()] === value?.trim();
  });
}

/**
 * One application per service (`<service>-app`), its history as Argo CD would have recorded what the
 * changes did: a deploy is a sync to a new revision (the chart version `to`); a config change is a
 * sync of the same revision with other Helm parameters (`KEY=value`). A base sync a day before the
 * first change holds its `from`. Flags are not Argo CD's to know and are not seeded.
 */
export function argoApplicationsFor(changes: readonly ChangeEvent[]): {
  applications: FakeArgoApplication[];
  mapping: Record<string, string>;
  idOf: Map<string, string>;
} {
  const applications: FakeArgoApplication[] = [];
  const mapping: Record<string, string> = {};
  const idOf = new Map<string, string>();
  const byService = new Map<string, ChangeEvent[]>();
  for (const change of changes) {
    if (change.kind === "deploy" || change.kind === "config")
      byService.set(change.service, [...(byService.get(change.service) ?? []), change]);
  }
  for (const [service, history] of byService) {
    history.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const name = `${service}-app`;
    mapping[name] = service;
    const entries: FakeArgoHistoryEntry[] = [];
    let revision = "0.1.0";
    let parameters: Array<{ name: string; value: string }> = [];
    const push = (at: string, changeId?: string) => {
      const id = entries.length + 1;
      entries.push({
        id,
        revision,
        deployedAt: at.replace(/\.\d{3}Z$/, "Z"),
        source: {
          repoURL: "https://charts.example.com",
          chart: service,
          targetRevision: revision,
          helm: { parameters },
        },
      });
      if (changeId) idOf.set(`argocd-${name}-${id}`, changeId);
    };
    const first = history[0];
    if (first?.from !== undefined) {
      if (first.kind === "deploy") revision = first.from;
      else parameters = parametersOf(first.from);
      push(new Date(Date.parse(first.at) - 86_400_000).toISOString());
    }
    for (const change of history) {
      if (change.kind === "deploy") revision = change.to ?? revision;
      else parameters = parametersOf(change.to ?? "");
      push(change.at, change.id);
    }
    applications.push(
      argoApplication({
        name,
        namespace: history[0]?.namespace ?? "default",
        chart: service,
        history: entries,
      }),
    );
  }
  return { applications, mapping, idOf };
}

function parametersOf(text: string) {
  return text
    .split(",")
    .filter(Boolean)
    .map((pair) => {
      const [name = "", value = ""] = pair.split("=");
      return { name: name.trim(), value };
    });
}
