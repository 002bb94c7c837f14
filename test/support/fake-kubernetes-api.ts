/**
 * A small loopback Kubernetes API server for tests: it speaks the real REST paths and JSON shapes.
 *
 * Usage: `const api = await startFakeKubernetesApi({ objects: [deployment, pod, node] })` stores the
 * objects (as `kubectl get -o json` prints them; each gets a uid, a resourceVersion and a
 * creationTimestamp when missing). Point a client at `api.url` with `Authorization: Bearer
 * ${api.token}`, or load `api.kubeconfigPath` (context "fake") with @kubernetes/client-node. Served:
 * core/v1 pods, events, nodes, configmaps, secrets, persistentvolumeclaims, services, endpoints,
 * namespaces; apps/v1 deployments (+ `/scale`), replicasets (+ `/scale`), statefulsets (+ `/scale`),
 * daemonsets; autoscaling/v2 horizontalpodautoscalers; batch/v1 jobs, cronjobs — each with list
 * (all namespaces or one, `labelSelector`, `fieldSelector`, `limit`/`continue`), get, create (POST),
 * replace (PUT), patch (`application/merge-patch+json`; strategic merge is approximated by merge
 * patch) and delete. Every write bumps one global resourceVersion; a body whose
 * `metadata.resourceVersion` is stale answers 409 with a real `Status`; missing objects answer 404
 * `Status`; `?dryRun=All` computes without storing. Inspect `api.requests` (method, path, query,
 * content type, parsed body) and `api.objects` (get/put/delete/list by kind). To simulate a
 * concurrent change, `api.conflictOnce({ kind, namespace, name })` makes the next write to that
 * object apply someone else's change (bumping its resourceVersion) and answer 409 once.
 * `api.failNext(count, status)` answers the next requests with a server error. `stop()` closes it.
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChangeEvent } from "../../src/ports/change-source.ts";

type Json = Record<string, unknown>;

export interface FakeKubernetesObject {
  apiVersion?: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export interface RecordedKubernetesRequest {
  method: string;
  /** The URL path, e.g. `/apis/apps/v1/namespaces/shop/deployments/checkout`. */
  path: string;
  query: Record<string, string>;
  contentType: string | null;
  authorization: string | null;
  /** The JSON body, parsed; undefined when there was none. */
  body: unknown;
}

export interface FakeObjectStore {
  get(kind: string, namespace: string | undefined, name: string): FakeKubernetesObject | null;
  /** Creates or replaces, bumping resourceVersion; returns the stored copy. */
  put(object: FakeKubernetesObject): FakeKubernetesObject;
  delete(kind: string, namespace: string | undefined, name: string): boolean;
  list(kind?: string, namespace?: string): FakeKubernetesObject[];
}

export interface FakeKubernetesApi {
  url: string;
  token: string;
  kubeconfigPath: string;
  objects: FakeObjectStore;
  requests: RecordedKubernetesRequest[];
  conflictOnce(target: {
    kind: string;
    namespace?: string;
    name: string;
    /** What the concurrent writer changed (a merge patch); by default an annotation. */
    concurrentPatch?: Json;
  }): void;
  failNext(count: number, status?: number): void;
  stop(): Promise<void>;
}

interface Resource {
  kind: string;
  plural: string;
  group: string;
  version: string;
  namespaced: boolean;
  scalable?: boolean;
}

const RESOURCES: Resource[] = [
  ...["Pod", "Event", "ConfigMap", "Secret", "PersistentVolumeClaim", "Service", "Endpoints"].map((kind) => ({
    kind,
    plural: kind === "Endpoints" ? "endpoints" : `${kind.toLowerCase()}s`,
    group: "",
    version: "v1",
    namespaced: true,
  })),
  { kind: "Node", plural: "nodes", group: "", version: "v1", namespaced: false },
  { kind: "Namespace", plural: "namespaces", group: "", version: "v1", namespaced: false },
  ...["Deployment", "ReplicaSet", "StatefulSet"].map((kind) => ({
    kind,
    plural: `${kind.toLowerCase()}s`,
    group: "apps",
    version: "v1",
    namespaced: true,
    scalable: true,
  })),
  { kind: "DaemonSet", plural: "daemonsets", group: "apps", version: "v1", namespaced: true },
  {
    kind: "HorizontalPodAutoscaler",
    plural: "horizontalpodautoscalers",
    group: "autoscaling",
    version: "v2",
    namespaced: true,
  },
  { kind: "Job", plural: "jobs", group: "batch", version: "v1", namespaced: true },
  { kind: "CronJob", plural: "cronjobs", group: "batch", version: "v1", namespaced: true },
];

const apiVersionOf = (resource: Resource) =>
  resource.group ? `${resource.group}/${resource.version}` : resource.version;

export async function startFakeKubernetesApi(
  options: { objects?: FakeKubernetesObject[]; token?: string } = {},
): Promise<FakeKubernetesApi> {
  const token = options.token ?? "fake-kubernetes-token";
  const store = new Map<string, FakeKubernetesObject>();
  const requests: RecordedKubernetesRequest[] = [];
  const conflicts = new Map<string, Json>();
  const failures = { count: 0, status: 503 };
  let revision = 100;
  const keyOf = (kind: string, namespace: string | undefined, name: string) =>
    `${kind}/${namespace ?? ""}/${name}`;

  const objects: FakeObjectStore = {
    get: (kind, namespace, name) => clone(store.get(keyOf(kind, namespace, name)) ?? null),
    put(object) {
      const resource = RESOURCES.find((candidate) => candidate.kind === object.kind);
      const stored = clone(object);
      stored.apiVersion ??= resource ? apiVersionOf(resource) : "v1";
      const previous = store.get(keyOf(stored.kind, stored.metadata.namespace, stored.metadata.name));
      stored.metadata.uid ??= previous?.metadata.uid ?? randomUUID();
      stored.metadata.creationTimestamp ??= previous?.metadata.creationTimestamp ?? rfc3339(new Date());
      stored.metadata.resourceVersion = String(++revision);
      store.set(keyOf(stored.kind, stored.metadata.namespace, stored.metadata.name), stored);
      return clone(stored);
    },
    delete: (kind, namespace, name) => store.delete(keyOf(kind, namespace, name)),
    list: (kind, namespace) =>
      [...store.values()]
        .filter(
          (o) =>
            (kind === undefined || o.kind === kind) &&
            (namespace === undefined || o.metadata.namespace === namespace),
        )
        .map((o) => clone(o)),
  };
  for (const object of options.objects ?? []) objects.put(object);

  /** Applies a write unless a conflict is armed or the precondition is stale; answers [status, body]. */
  function write(
    resource: Resource,
    namespace: string | undefined,
    name: string,
    next: (current: FakeKubernetesObject) => FakeKubernetesObject,
    precondition: unknown,
    dryRun: boolean,
  ): [number, unknown] {
    const key = keyOf(resource.kind, namespace, name);
    const current = store.get(key);
    if (!current) return [404, notFound(resource, name)];
    const concurrent = conflicts.get(key);
    if (concurrent) {
      conflicts.delete(key);
      objects.put(mergePatch(current, concurrent) as FakeKubernetesObject);
      return [409, conflict(resource, name)];
    }
    if (typeof precondition === "string" && precondition !== current.metadata.resourceVersion) {
      return [409, conflict(resource, name)];
    }
    const updated = next(clone(current));
    updated.kind = resource.kind;
    updated.apiVersion = apiVersionOf(resource);
    updated.metadata = { ...updated.metadata, name, ...(namespace ? { namespace } : {}) };
    if (dryRun) return [200, updated];
    return [200, objects.put(updated)];
  }

  async function handle(request: IncomingMessage): Promise<Reply> {
    const url = new URL(request.url ?? "/", "http://fake");
    const raw = await readBody(request);
    const contentType = request.headers["content-type"] ?? null;
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      return reply(400, status(400, "BadRequest", "the body is not valid JSON"));
    }
    const method = request.method ?? "GET";
    requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      contentType,
      authorization: request.headers.authorization ?? null,
      body,
    });
    if (failures.count > 0) {
      failures.count--;
      return reply(failures.status, status(failures.status, "InternalError", "injected failure"));
    }
    if (request.headers.authorization !== `Bearer ${token}`) {
      return reply(401, status(401, "Unauthorized", "Unauthorized"));
    }
    const discovery = discover(url.pathname);
    if (discovery) return reply(200, discovery);
    const route = parsePath(url.pathname);
    if (!route)
      return reply(404, status(404, "NotFound", "the server could not find the requested resource"));
    const { resource, namespace, name, subresource } = route;
    const dryRun = url.searchParams.get("dryRun") === "All";

    if (method === "GET" && name === undefined) {
      const items = objects
        .list(resource.kind, namespace)
        .filter((o) => matchesLabels(o, url.searchParams.get("labelSelector")))
        .filter((o) => matchesFields(o, url.searchParams.get("fieldSelector")))
        .sort((a, b) =>
          keyOf("", a.metadata.namespace, a.metadata.name).localeCompare(
            keyOf("", b.metadata.namespace, b.metadata.name),
          ),
        );
      const offset = Number(
        url.searchParams.get("continue") ? atob(url.searchParams.get("continue") ?? "") : 0,
      );
      const limit = Number(url.searchParams.get("limit") ?? 0) || items.length;
      const page = items.slice(offset, offset + limit);
      const rest = offset + limit < items.length;
      return reply(200, {
        kind: `${resource.kind}List`,
        apiVersion: apiVersionOf(resource),
        metadata: {
          resourceVersion: String(revision),
          ...(rest ? { continue: btoa(String(offset + limit)) } : {}),
        },
        // The API server leaves kind and apiVersion off list items; clients put them back.
        items: page.map(({ kind: _kind, apiVersion: _apiVersion, ...item }) => item),
      });
    }
    if (method === "POST" && name === undefined) {
      const object = body as FakeKubernetesObject;
      const objectName = object?.metadata?.name;
      if (!objectName) return reply(422, status(422, "Invalid", "metadata.name: Required value"));
      if (store.has(keyOf(resource.kind, namespace, objectName))) {
        return reply(
          409,
          status(
            409,
            "AlreadyExists",
            `${pluralGroup(resource)} "${objectName}" already exists`,
            resource,
            objectName,
          ),
        );
      }
      const created = {
        ...object,
        kind: resource.kind,
        apiVersion: apiVersionOf(resource),
        metadata: { ...object.metadata, ...(namespace ? { namespace } : {}), resourceVersion: undefined },
      };
      return reply(201, dryRun ? created : objects.put(created));
    }
    if (name === undefined)
      return reply(
        405,
        status(405, "MethodNotAllowed", "the server does not allow this method on the requested resource"),
      );

    const current = store.get(keyOf(resource.kind, namespace, name));
    if (subresource === "scale" && resource.scalable)
      return scale(method, resource, namespace, name, body, dryRun);
    if (subresource !== undefined)
      return reply(404, status(404, "NotFound", "the server could not find the requested resource"));
    switch (method) {
      case "GET":
        return current ? reply(200, current) : reply(404, notFound(resource, name));
      case "DELETE": {
        if (!current) return reply(404, notFound(resource, name));
        if (!dryRun) store.delete(keyOf(resource.kind, namespace, name));
        return reply(200, current);
      }
      case "PUT": {
        const object = body as FakeKubernetesObject;
        const [code, answer] = write(
          resource,
          namespace,
          name,
          () => clone(object),
          object?.metadata?.resourceVersion,
          dryRun,
        );
        return reply(code, answer);
      }
      case "PATCH": {
        if (!/^application\/(merge-patch|strategic-merge-patch)\+json/.test(contentType ?? "")) {
          return reply(
            415,
            status(
              415,
              "UnsupportedMediaType",
              `the body of the request was in an unknown format - accepted media types include: application/merge-patch+json, application/strategic-merge-patch+json`,
            ),
          );
        }
        const patch = (body ?? {}) as Json;
        const precondition = (patch.metadata as Json | undefined)?.resourceVersion;
        const withoutVersion = stripResourceVersion(patch);
        const [code, answer] = write(
          resource,
          namespace,
          name,
          (c) => mergePatch(c, withoutVersion) as FakeKubernetesObject,
          precondition,
          dryRun,
        );
        return reply(code, answer);
      }
      default:
        return reply(
          405,
          status(405, "MethodNotAllowed", "the server does not allow this method on the requested resource"),
        );
    }
  }

  function scale(
    method: string,
    resource: Resource,
    namespace: string | undefined,
    name: string,
    body: unknown,
    dryRun: boolean,
  ): Reply {
    const current = store.get(keyOf(resource.kind, namespace, name));
    if (!current) return reply(404, notFound(resource, name));
    if (method === "GET") return reply(200, scaleOf(current));
    if (method !== "PATCH" && method !== "PUT")
      return reply(405, status(405, "MethodNotAllowed", "method not allowed"));
    const patch = (body ?? {}) as Json;
    const precondition = (patch.metadata as Json | undefined)?.resourceVersion;
    const [code, answer] = write(
      resource,
      namespace,
      name,
      (object) => {
        const desired = mergePatch(scaleOf(object), stripResourceVersion(patch)) as Json;
        const replicas = (desired.spec as Json | undefined)?.replicas;
        return { ...object, spec: { ...(object.spec as Json), replicas } };
      },
      precondition,
      dryRun,
    );
    return reply(code, code === 200 ? scaleOf(answer as FakeKubernetesObject) : answer);
  }

  const server = createServer((request, response) => {
    handle(request)
      .catch((error: unknown): Reply => {
        const message = error instanceof Error ? error.message : String(error);
        return [500, status(500, "InternalError", message)];
      })
      .then(([code, body]) => {
        response.writeHead(code, { "content-type": "application/json" });
        response.end(JSON.stringify(body));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = mkdtempSync(join(tmpdir(), "vigil-fake-kube-"));
  const kubeconfigPath = join(dir, "kubeconfig.yaml");
  writeFileSync(kubeconfigPath, kubeconfigFor(url, token));

  return {
    url,
    token,
    kubeconfigPath,
    objects,
    requests,
    conflictOnce({ kind, namespace, name, concurrentPatch }) {
      const patch = concurrentPatch ?? {
        metadata: { annotations: { "fake.vigil.dev/concurrent-write": String(revision) } },
      };
      conflicts.set(keyOf(kind, namespace, name), patch);
    },
    failNext(count, code = 503) {
      failures.count = count;
      failures.status = code;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** RFC 7386: objects merge recursively, null deletes, anything else (arrays too) replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isJson(patch)) return clone(patch);
  const result: Json = isJson(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

function stripResourceVersion(patch: Json): Json {
  if (!isJson(patch.metadata)) return patch;
  const { resourceVersion: _version, ...metadata } = patch.metadata;
  return { ...patch, metadata };
}

function scaleOf(object: FakeKubernetesObject): Json {
  const spec = (object.spec ?? {}) as Json;
  const matchLabels = ((spec.selector as Json | undefined)?.matchLabels ?? {}) as Record<string, string>;
  const { name, namespace, uid, resourceVersion, creationTimestamp } = object.metadata;
  return {
    kind: "Scale",
    apiVersion: "autoscaling/v1",
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: spec.replicas ?? 1 },
    status: {
      replicas: ((object.status ?? {}) as Json).replicas ?? 0,
      selector: Object.entries(matchLabels)
        .map(([key, value]) => `${key}=${value}`)
        .join(","),
    },
  };
}

function parsePath(path: string) {
  const core = /^\/api\/v1\/(.*)$/.exec(path);
  const grouped = /^\/apis\/([^/]+)\/([^/]+)\/(.*)$/.exec(path);
  const [group, version, rest] = core
    ? ["", "v1", core[1] ?? ""]
    : grouped
      ? [grouped[1], grouped[2], grouped[3] ?? ""]
      : [];
  if (rest === undefined) return null;
  let segments = rest.split("/").filter(Boolean);
  let namespace: string | undefined;
  if (segments[0] === "namespaces" && segments.length >= 3) {
    namespace = segments[1];
    segments = segments.slice(2);
  }
  const [plural, name, subresource] = segments;
  const resource = RESOURCES.find((r) => r.plural === plural && r.group === group && r.version === version);
  if (!resource || segments.length > 3 || (namespace !== undefined && !resource.namespaced)) return null;
  if (!resource.namespaced && namespace !== undefined) return null;
  if (resource.namespaced && name !== undefined && namespace === undefined) return null;
  return { resource, namespace, name, subresource };
}

function discover(path: string): Json | null {
  if (path === "/version") return { major: "1", minor: "31", gitVersion: "v1.31.0-fake" };
  if (path === "/api") return { kind: "APIVersions", versions: ["v1"] };
  if (path === "/apis") {
    const groups = [...new Set(RESOURCES.filter((r) => r.group).map((r) => `${r.group}/${r.version}`))];
    return {
      kind: "APIGroupList",
      apiVersion: "v1",
      groups: groups.map((groupVersion) => {
        const [name, version] = groupVersion.split("/");
        const preferred = { groupVersion, version };
        return { name, versions: [preferred], preferredVersion: preferred };
      }),
    };
  }
  const match = /^\/(?:api\/(v1)|apis\/([^/]+\/[^/]+))$/.exec(path);
  if (!match) return null;
  const groupVersion = match[1] ?? match[2] ?? "";
  const resources = RESOURCES.filter((r) => apiVersionOf(r) === groupVersion);
  if (resources.length === 0) return null;
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion,
    resources: resources.map((r) => ({
      name: r.plural,
      singularName: r.kind.toLowerCase(),
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: ["create", "delete", "get", "list", "patch", "update"],
    })),
  };
}

function matchesLabels(object: FakeKubernetesObject, selector: string | null): boolean {
  if (!selector) return true;
  const labels = (object.metadata.labels ?? {}) as Record<string, string>;
  return splitSelector(selector).every((term) => {
    const set = /^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
    if (set) {
      const values = (set[3] ?? "").split(",").map((value) => value.trim());
      const has = labels[set[1] ?? ""] !== undefined && values.includes(labels[set[1] ?? ""] ?? "");
      return set[2] === "in" ? has : !has;
    }
    const pair = /^([^\s!=]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (pair) {
      const equal = labels[pair[1] ?? ""] === pair[3];
      return pair[2] === "!=" ? !equal : equal;
    }
    return term.startsWith("!") ? labels[term.slice(1)] === undefined : labels[term] !== undefined;
  });
}

function matchesFields(object: FakeKubernetesObject, selector: string | null): boolean {
  if (!selector) return true;
  return splitSelector(selector).every((term) => {
    const pair = /^([^\s!=]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!pair) return false;
    let value: unknown = object;
    for (const part of (pair[1] ?? "").split(".")) value = isJson(value) ? value[part] : undefined;
    const equal = String(value ?? "") === pair[3];
    return pair[2] === "!=" ? !equal : equal;
  });
}

/** Commas separate terms, except inside the parentheses of `in (a,b)`. */
function splitSelector(selector: string): string[] {
  return selector
    .split(/,(?![^(]*\))/)
    .map((term) => term.trim())
    .filter(Boolean);
}

const pluralGroup = (resource: Resource) =>
  resource.group ? `${resource.plural}.${resource.group}` : resource.plural;

function status(code: number, reason: string, message: string, resource?: Resource, name?: string): Json {
  return {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message,
    reason,
    details: resource ? { name, group: resource.group || undefined, kind: resource.plural } : {},
    code,
  };
}

const notFound = (resource: Resource, name: string) =>
  status(404, "NotFound", `${pluralGroup(resource)} "${name}" not found`, resource, name);

const conflict = (resource: Resource, name: string) =>
  status(
    409,
    "Conflict",
    `Operation cannot be fulfilled on ${pluralGroup(resource)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    resource,
    name,
  );

function kubeconfigFor(url: string, token: string): string {
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "  - name: fake",
    "    cluster:",
    `      server: ${url}`,
    // Plain http: @kubernetes/client-node only allows it with TLS verification off.
    "      insecure-skip-tls-verify: true",
    "users:",
    "  - name: fake",
    "    user:",
    `      token: ${token}`,
    "contexts:",
    "  - name: fake",
    "    context:",
    "      cluster: fake",
    "      user: fake",
    "current-context: fake",
    "",
  ].join("\n");
}

type Reply = [status: number, body: unknown];

const reply = (code: number, body: unknown): Reply => [code, body];

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function isJson(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function clone<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}

/** Kubernetes prints times to the second, like `2024-05-01T10:00:00Z`. */
function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * The cluster holds what the recorded changes did: per service a Deployment and one ReplicaSet per
 * revision — a base revision a day before the first change (holding its `from`), then one for each
 * deploy (image tag `to`) or config change (env `KEY=value`). Feature flags leave no trace in a cluster
 * and are not seeded. `idOf` maps the adapter's ids (`k8s-<ns>-<name>-rev<n>`) back to the recording's.
 */
export function rolloutObjectsFor(changes: readonly ChangeEvent[]): {
  objects: FakeKubernetesObject[];
  idOf: Map<string, string>;
} {
  const objects: FakeKubernetesObject[] = [];
  const idOf = new Map<string, string>();
  const byService = new Map<string, ChangeEvent[]>();
  for (const change of changes) {
    if (change.kind !== "deploy" && change.kind !== "config") continue;
    byService.set(change.service, [...(byService.get(change.service) ?? []), change]);
  }
  for (const [service, history] of byService) {
    history.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const namespace = history[0]?.namespace ?? "default";
    let image = `registry.example/${service}:base`;
    let env: Array<{ name: string; value: string }> = [];
    const revisions: Array<{ at: string; image: string; env: typeof env; id?: string }> = [];
    const first = history[0];
    if (first?.from !== undefined) {
      if (first.kind === "deploy") image = `registry.example/${service}:${first.from}`;
      else env = envOf(first.from);
      revisions.push({ at: new Date(Date.parse(first.at) - 86_400_000).toISOString(), image, env });
    }
    for (const change of history) {
      if (change.kind === "deploy") image = `registry.example/${service}:${change.to ?? "latest"}`;
      else env = envOf(change.to ?? "");
      revisions.push({ at: change.at, image, env, id: change.id });
    }
    objects.push({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: service, namespace, labels: { "app.kubernetes.io/name": service } },
      spec: { replicas: 1, selector: { matchLabels: { app: service } } },
    });
    revisions.forEach((revision, index) => {
      const number = index + 1;
      if (revision.id) idOf.set(`k8s-${namespace}-${service}-rev${number}`, revision.id);
      objects.push({
        apiVersion: "apps/v1",
        kind: "ReplicaSet",
        metadata: {
          name: `${service}-${number}abc`,
          namespace,
          creationTimestamp: revision.at.replace(/\.\d{3}Z$/, "Z"),
          annotations: { "deployment.kubernetes.io/revision": String(number) },
          ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: service, controller: true }],
        },
        spec: {
          template: { spec: { containers: [{ name: "app", image: revision.image, env: revision.env }] } },
        },
      });
    });
  }
  return { objects, idOf };
}

function envOf(text: string): Array<{ name: string; value: string }> {
  return text
    .split(",")
    .filter(Boolean)
    .map((pair) => {
      const [name = "", value = ""] = pair.split("=");
      return { name: name.trim(), value };
    });
}
