import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createLiveSources } from "../../integrations/live/create-live-sources.ts";
import { loadConfig } from "../../src/config/load-config.ts";
import type { SourcesSettings } from "../../src/config/sections/sources-section.ts";
import type { ChangeEvent } from "../../src/ports/change-source.ts";
import { findFreePort } from "../../src/store/find-free-port.ts";
import {
  describeChangeSourceContract,
  describeClusterReaderContract,
  describeLogSourceContract,
  describeTopologySourceContract,
} from "../support/contracts/index.ts";
import { argoApplicationsFor, startFakeArgocd } from "../support/fake-argocd.ts";
import { githubReposFor, startFakeGithub } from "../support/fake-github.ts";
import {
  type FakeKubernetesObject,
  rolloutObjectsFor,
  startFakeKubernetesApi,
} from "../support/fake-kubernetes-api.ts";
import { startFakeLoki } from "../support/fake-loki.ts";

const none: SourcesSettings = {
  prometheus: null,
  loki: null,
  kubernetes: null,
  argocd: null,
  github: null,
  topology: { edges: [] },
};
const kubernetesAt = (url: string, token: string | null, changes = false) => ({
  kubeconfig: null,
  context: null,
  inCluster: false,
  url,
  token,
  caFile: null,
  namespaces: [],
  changes,
  timeoutMs: 2_000,
});
const closedUrl = async () => `http://127.0.0.1:${await findFreePort()}`;

describeLogSourceContract(
  "live (Loki)",
  async (fixture) => {
    const loki = await startFakeLoki({ streams: fixture.streams });
    const sources = createLiveSources(
      { ...none, loki: { url: loki.url, tenant: null, auth: null, timeoutMs: 5_000 } },
      { services: [] },
    );
    return { source: sources.logs, close: () => loki.stop() };
  },
  async () => ({ source: createLiveSources(none, { services: [] }).logs, close: async () => {} }),
);

describeClusterReaderContract(
  "live (Kubernetes)",
  async (fixture) => {
    const api = await startFakeKubernetesApi({ objects: fixture.objects as FakeKubernetesObject[] });
    const sources = createLiveSources(
      { ...none, kubernetes: kubernetesAt(api.url, api.token) },
      { services: [] },
    );
    return { source: sources.cluster, close: () => api.stop() };
  },
  async () => ({
    source: createLiveSources(
      { ...none, kubernetes: kubernetesAt(await closedUrl(), null) },
      { services: [] },
    ).cluster,
    close: async () => {},
  }),
);

describeTopologySourceContract(
  "live (catalog dependsOn)",
  async (fixture) => {
    const callers = [...new Set(fixture.edges.map((edge) => edge.from))];
    // No edge at all is a catalog whose services depend on nothing.
    const services = (callers.length > 0 ? callers : ["checkout"]).map((name) => ({
      name,
      dependsOn: fixture.edges.filter((edge) => edge.from === name).map((edge) => edge.to),
    }));
    return { source: createLiveSources(none, { services }).topology, close: async () => {} };
  },
  async () => ({ source: createLiveSources(none, { services: [] }).topology, close: async () => {} }),
);

describeChangeSourceContract(
  "live (Kubernetes + Argo CD + GitHub merged)",
  async (fixture) => {
    // Config changes live in the cluster's rollout history; deploys alternate between Argo CD and GitHub.
    const deploys = fixture.changes.filter((change) => change.kind === "deploy");
    const byArgo = deploys.filter((_, index) => index % 2 === 0);
    const byGithub = deploys.filter((_, index) => index % 2 === 1);
    const configs = fixture.changes.filter((change) => change.kind === "config");
    const rollouts = rolloutObjectsFor(configs);
    const argo = argoApplicationsFor(byArgo);
    const gh = githubReposFor(byGithub);
    const api = await startFakeKubernetesApi({ objects: rollouts.objects });
    const argocd = await startFakeArgocd({ applications: argo.applications });
    const github = await startFakeGithub({ repos: gh.repos });
    const sources = createLiveSources(
      {
        ...none,
        kubernetes: kubernetesAt(api.url, api.token, true),
        argocd: { url: argocd.url, token: argocd.token, applications: argo.mapping, timeoutMs: 5_000 },
        github: { url: github.url, token: github.token, repos: gh.mappings, timeoutMs: 5_000 },
      },
      { services: [] },
    );
    const idOf = new Map([...rollouts.idOf, ...argo.idOf, ...gh.idOf]);
    return {
      source: {
        list: async (range, signal) =>
          (await sources.changes.list(range, signal)).map((change: ChangeEvent) => ({
            ...change,
            id: idOf.get(change.id) ?? change.id,
          })),
      },
      close: async () => {
        await Promise.all([api.stop(), argocd.stop(), github.stop()]);
      },
    };
  },
  async () => ({
    source: createLiveSources(
      { ...none, argocd: { url: await closedUrl(), token: null, applications: {}, timeoutMs: 1_000 } },
      { services: [] },
    ).changes,
    close: async () => {},
  }),
);

describe("live sources from vigil.yaml and env", () => {
  it("reads each configured system with the credentials and tenant the configuration names", async () => {
    const T0 = 1_714_557_600;
    const loki = await startFakeLoki({
      streams: [{ stream: { service: "checkout" }, values: [[`${T0 + 5}000000000`, "boom"]] }],
      tenant: "team-a",
      basic: { username: "12345", password: "glc-secret" },
    });
    const api = await startFakeKubernetesApi({
      objects: [{ kind: "Node", metadata: { name: "node-a" } }],
      token: "kube-secret",
    });
    const github = await startFakeGithub({
      token: "ghp-secret",
      repos: {
        "acme/checkout": [{ id: 1, ref: "v2.0.0", createdAt: new Date((T0 + 60) * 1000).toISOString() }],
      },
    });
    try {
      const cwd = mkdtempSync(join(tmpdir(), "vigil-live-"));
      writeFileSync(
        join(cwd, "vigil.yaml"),
        [
          "services:",
          "  - { name: checkout, dependsOn: [payments] }",
          "sources:",
          `  loki: { url: "${loki.url}", tenant: team-a, basicAuthUser: "12345" }`,
          `  kubernetes: { url: "${api.url}", changes: false }`,
          `  github: { url: "${github.url}", repos: [{ repo: acme/checkout, service: checkout, namespace: shop }] }`,
          "  topology: { edges: [{ from: payments, to: payments-db }] }",
          "",
        ].join("\n"),
      );
      const config = loadConfig({
        cwd,
        env: {
          VIGIL_LOKI_TOKEN: "glc-secret",
          VIGIL_KUBERNETES_TOKEN: "kube-secret",
          VIGIL_GITHUB_TOKEN: "ghp-secret",
        },
      });
      const sources = createLiveSources(config.sources, { services: config.services });
      const logs = await sources.logs.queryRange(
        '{service="checkout"}',
        { start: T0, end: T0 + 60 },
        { limit: 10, direction: "backward" },
      );
      expect(logs[0]?.values).toEqual([[`${T0 + 5}000000000`, "boom"]]);
      expect((await sources.cluster.get("Node", undefined, "node-a"))?.kind).toBe("Node");
      const changes = await sources.changes.list({ start: T0, end: T0 + 3600 });
      expect(changes).toEqual([
        expect.objectContaining({ id: "gh-deploy-1", service: "checkout", namespace: "shop", to: "v2.0.0" }),
      ]);
      expect(await sources.topology.edges()).toEqual([
        { from: "checkout", to: "payments" },
        { from: "payments", to: "payments-db" },
      ]);
      await expect(sources.metrics.series(["up"], { start: T0, end: T0 + 60 })).rejects.toThrow(
        /sources\.prometheus/,
      );
    } finally {
      await Promise.all([loki.stop(), api.stop(), github.stop()]);
    }
  });
});
