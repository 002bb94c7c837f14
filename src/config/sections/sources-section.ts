import { z } from "zod";
import { ConfigError } from "../config-error.ts";
import { optionalString } from "../env-value.ts";
import {
  type PrometheusSettings,
  prometheusEnvShape,
  prometheusSourceSchema,
  resolvePrometheusSettings,
} from "./prometheus-section.ts";

/**
 * `sources:` in vigil.yaml: where live investigations read. Secrets come only from env
 * (VIGIL_LOKI_TOKEN, VIGIL_KUBERNETES_TOKEN, VIGIL_ARGOCD_TOKEN, VIGIL_GITHUB_TOKEN, and Prometheus'
 * own), so a URL with credentials in it is refused here.
 */
const url = () =>
  z
    .url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" })
    .refine((value) => !/^[a-z]+:\/\/[^/]*@/i.test(value), {
      error: "credentials do not belong in vigil.yaml; the token comes from env",
    });
const timeoutMs = () => z.number().int().min(100).max(600_000).default(10_000);
const name = () => z.string().min(1);

const lokiSchema = z.strictObject({
  url: url(),
  /** `X-Scope-OrgID` for multi-tenant Loki. */
  tenant: name().optional(),
  /** With it, VIGIL_LOKI_TOKEN is sent as this user's basic-auth password (Grafana Cloud); else as a bearer token. */
  basicAuthUser: name().optional(),
  timeoutMs: timeoutMs(),
});

const kubernetesSchema = z.strictObject({
  kubeconfig: name().optional(),
  context: name().optional(),
  /** The pod's service account (Vigil running in the cluster). */
  inCluster: z.boolean().default(false),
  /** The API server, with VIGIL_KUBERNETES_TOKEN as bearer token. */
  url: url().optional(),
  /** PEM file of the CA for `url`. */
  caFile: name().optional(),
  /** Namespaces whose rollout history is read as changes; all when empty. */
  namespaces: z.array(name()).default([]),
  /** Read Deployment rollout history as change events (set false when Argo CD or GitHub records them). */
  changes: z.boolean().default(true),
  timeoutMs: timeoutMs(),
});

const argocdSchema = z.strictObject({
  url: url(),
  /** Application name -> service name; only these applications are read. Empty: all, each named after itself. */
  applications: z.record(name(), name()).default({}),
  timeoutMs: timeoutMs(),
});

const githubSchema = z.strictObject({
  /** GitHub Enterprise: `https://github.example.com/api/v3`. */
  url: url().default("https://api.github.com"),
  repos: z
    .array(
      z.strictObject({
        repo: z.string().regex(/^[\w.-]+\/[\w.-]+$/, "expected owner/name"),
        service: name(),
        /** Only deployments to this environment (e.g. production). */
        environment: name().optional(),
        namespace: name().optional(),
      }),
    )
    .min(1),
  timeoutMs: timeoutMs(),
});

const topologySchema = z.strictObject({
  /** Edges besides those of `services[].dependsOn`, e.g. to databases and outside providers. */
  edges: z.array(z.strictObject({ from: name(), to: name() })).default([]),
});

export const sourcesFileSchema = z.strictObject({
  prometheus: prometheusSourceSchema.optional(),
  loki: lokiSchema.optional(),
  kubernetes: kubernetesSchema.optional(),
  argocd: argocdSchema.optional(),
  github: githubSchema.optional(),
  topology: topologySchema.optional(),
});

export const sourcesEnvShape = {
  ...prometheusEnvShape,
  VIGIL_LOKI_TOKEN: optionalString(),
  VIGIL_KUBERNETES_TOKEN: optionalString(),
  VIGIL_ARGOCD_TOKEN: optionalString(),
  VIGIL_GITHUB_TOKEN: optionalString(),
};

export type SourcesFileSection = z.output<typeof sourcesFileSchema>;
export type SourcesEnv = { [Key in keyof typeof sourcesEnvShape]?: string | undefined };

export type HttpAuthSettings =
  | { kind: "bearer"; token: string }
  | { kind: "basic"; username: string; password: string };

export interface LokiSettings {
  url: string;
  tenant: string | null;
  auth: HttpAuthSettings | null;
  timeoutMs: number;
}

export interface KubernetesSettings {
  kubeconfig: string | null;
  context: string | null;
  inCluster: boolean;
  url: string | null;
  token: string | null;
  caFile: string | null;
  namespaces: string[];
  changes: boolean;
  timeoutMs: number;
}

export interface ArgocdSettings {
  url: string;
  token: string | null;
  applications: Record<string, string>;
  timeoutMs: number;
}

export interface GithubRepoSettings {
  repo: string;
  service: string;
  environment?: string;
  namespace?: string;
}

export interface GithubSettings {
  url: string;
  token: string | null;
  repos: GithubRepoSettings[];
  timeoutMs: number;
}

/** Each source: null when its section is absent (that source is then "unconfigured"). */
export interface SourcesSettings {
  prometheus: PrometheusSettings | null;
  loki: LokiSettings | null;
  kubernetes: KubernetesSettings | null;
  argocd: ArgocdSettings | null;
  github: GithubSettings | null;
  topology: { edges: Array<{ from: string; to: string }> };
}

/** null when `sources:` is absent: Vigil then has nothing to investigate live. */
export function resolveSourcesSettings(
  file: SourcesFileSection | undefined,
  env: SourcesEnv,
): SourcesSettings | null {
  if (!file) return null;
  const problems = [
    ...(file.kubernetes?.url !== undefined && file.kubernetes.inCluster
      ? ["sources.kubernetes: both url and inCluster are set; keep one way to reach the API server"]
      : []),
    ...(file.loki?.basicAuthUser !== undefined && env.VIGIL_LOKI_TOKEN === undefined
      ? ["sources.loki.basicAuthUser: set, but env VIGIL_LOKI_TOKEN (the password) is not"]
      : []),
  ];
  if (problems.length > 0)
    throw new ConfigError(`Invalid configuration:\n  ${problems.join("\n  ")}`, problems);
  return {
    prometheus: resolvePrometheusSettings(file.prometheus, env),
    loki: file.loki ? resolveLoki(file.loki, env.VIGIL_LOKI_TOKEN) : null,
    kubernetes: file.kubernetes ? resolveKubernetes(file.kubernetes, env.VIGIL_KUBERNETES_TOKEN) : null,
    argocd: file.argocd ? { ...file.argocd, token: env.VIGIL_ARGOCD_TOKEN ?? null } : null,
    github: file.github ? { ...file.github, token: env.VIGIL_GITHUB_TOKEN ?? null } : null,
    topology: { edges: file.topology?.edges ?? [] },
  };
}

function resolveLoki(section: z.output<typeof lokiSchema>, token: string | undefined): LokiSettings {
  const auth: HttpAuthSettings | null =
    token === undefined
      ? null
      : section.basicAuthUser !== undefined
        ? { kind: "basic", username: section.basicAuthUser, password: token }
        : { kind: "bearer", token };
  return { url: section.url, tenant: section.tenant ?? null, auth, timeoutMs: section.timeoutMs };
}

function resolveKubernetes(
  section: z.output<typeof kubernetesSchema>,
  token: string | undefined,
): KubernetesSettings {
  return {
    kubeconfig: section.kubeconfig ?? null,
    context: section.context ?? null,
    inCluster: section.inCluster,
    url: section.url ?? null,
    token: token ?? null,
    caFile: section.caFile ?? null,
    namespaces: section.namespaces,
    changes: section.changes,
    timeoutMs: section.timeoutMs,
  };
}
