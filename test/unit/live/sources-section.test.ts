import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/config/config-error.ts";
import { loadConfig } from "../../../src/config/load-config.ts";

function load(yaml: string[], env: Record<string, string> = {}) {
  const cwd = mkdtempSync(join(tmpdir(), "vigil-sources-"));
  writeFileSync(join(cwd, "vigil.yaml"), [...yaml, ""].join("\n"));
  return loadConfig({ cwd, env });
}

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError)
      return error.problems.map((problem) => problem.replace(/^\S+vigil\.yaml /, ""));
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("sources in vigil.yaml", () => {
  it("resolves every source with its defaults and its secret from env", () => {
    const config = load(
      [
        "sources:",
        "  loki: { url: http://loki:3100, tenant: team-a }",
        "  kubernetes: { context: production, namespaces: [shop] }",
        "  argocd: { url: https://argocd.example.com, applications: { checkout-prod: checkout } }",
        "  github: { repos: [{ repo: acme/checkout, service: checkout, environment: production }] }",
        "  topology: { edges: [{ from: payments, to: stripe }] }",
      ],
      { VIGIL_LOKI_TOKEN: "l", VIGIL_ARGOCD_TOKEN: "a", VIGIL_GITHUB_TOKEN: "g" },
    );
    expect(config.sources).toEqual({
      prometheus: null,
      loki: {
        url: "http://loki:3100",
        tenant: "team-a",
        auth: { kind: "bearer", token: "l" },
        timeoutMs: 10_000,
      },
      kubernetes: {
        kubeconfig: null,
        context: "production",
        inCluster: false,
        url: null,
        token: null,
        caFile: null,
        namespaces: ["shop"],
        changes: true,
        timeoutMs: 10_000,
      },
      argocd: {
        url: "https://argocd.example.com",
        token: "a",
        applications: { "checkout-prod": "checkout" },
        timeoutMs: 10_000,
      },
      github: {
        url: "https://api.github.com",
        token: "g",
        repos: [{ repo: "acme/checkout", service: "checkout", environment: "production" }],
        timeoutMs: 10_000,
      },
      topology: { edges: [{ from: "payments", to: "stripe" }] },
    });
  });

  it("sends the Loki token as the basic-auth password when basicAuthUser is set, and needs the token then", () => {
    const yaml = ["sources:", "  loki: { url: https://logs.example.net, basicAuthUser: '12345' }"];
    expect(load(yaml, { VIGIL_LOKI_TOKEN: "glc" }).sources?.loki?.auth).toEqual({
      kind: "basic",
      username: "12345",
      password: "glc",
    });
    expect(problemsOf(() => load(yaml))).toEqual([
      "sources.loki.basicAuthUser: set, but env VIGIL_LOKI_TOKEN (the password) is not",
    ]);
  });

  it("names misspelt keys, credentials in URLs, bad repos and conflicting Kubernetes settings", () => {
    expect(problemsOf(() => load(["sources:", "  lokki: { url: http://loki:3100 }"]))).toEqual([
      expect.stringMatching(/^sources: Unrecognized key: "lokki"/),
    ]);
    expect(problemsOf(() => load(["sources:", "  loki: { url: 'http://u:p@loki:3100' }"]))).toEqual([
      expect.stringMatching(/^sources\.loki\.url: credentials do not belong in vigil\.yaml/),
    ]);
    expect(
      problemsOf(() => load(["sources:", "  github: { repos: [{ repo: checkout, service: c }] }"])),
    ).toEqual(["sources.github.repos.0.repo: expected owner/name"]);
    expect(
      problemsOf(() => load(["sources:", "  kubernetes: { url: 'https://k8s:6443', inCluster: true }"])),
    ).toEqual(["sources.kubernetes: both url and inCluster are set; keep one way to reach the API server"]);
  });

  it("has no sources at all when the section is absent", () => {
    expect(load(["services: []"]).sources).toBeNull();
  });
});
