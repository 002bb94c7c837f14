import { z } from "zod";
import { ConfigError } from "../config-error.ts";
import { optionalString } from "../env-value.ts";

/**
 * `sources.prometheus:` in vigil.yaml, and the env vars with its secrets: a bearer token, or the
 * password for `basicAuthUser`. Secrets never come from the file, so a URL with credentials in it
 * and an `authorization` header are refused there.
 */
export const prometheusSourceSchema = z.strictObject({
  url: z
    .url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" })
    .refine((value) => !/^[a-z]+:\/\/[^/]*@/i.test(value), {
      error: "credentials do not belong in vigil.yaml; use basicAuthUser with VIGIL_PROMETHEUS_PASSWORD",
    }),
  /** Limit for one request to Prometheus, in milliseconds. */
  timeoutMs: z.number().int().min(100).max(600_000).default(10_000),
  /** Extra attempts after a 5xx or a network error. */
  retries: z.number().int().min(0).max(10).default(2),
  /** Extra headers on every request, e.g. `X-Scope-OrgID` for Mimir or Cortex. */
  headers: z
    .record(z.string().min(1), z.string())
    .refine((headers) => !Object.keys(headers).some((name) => name.toLowerCase() === "authorization"), {
      error: "the authorization header is a secret; use VIGIL_PROMETHEUS_TOKEN",
    })
    .optional(),
  basicAuthUser: z.string().min(1).optional(),
});

export const prometheusEnvShape = {
  VIGIL_PROMETHEUS_TOKEN: optionalString(),
  VIGIL_PROMETHEUS_PASSWORD: optionalString(),
};

export type PrometheusSourceSection = z.output<typeof prometheusSourceSchema>;
export type PrometheusEnv = { [Key in keyof typeof prometheusEnvShape]?: string | undefined };

export type PrometheusAuthSettings =
  | { kind: "bearer"; token: string }
  | { kind: "basic"; username: string; password: string };

export interface PrometheusSettings {
  url: string;
  timeoutMs: number;
  retries: number;
  headers: Record<string, string>;
  auth: PrometheusAuthSettings | null;
}

/** null when `sources.prometheus` is absent: live investigations then have no metrics source. */
export function resolvePrometheusSettings(
  section: PrometheusSourceSection | undefined,
  env: PrometheusEnv,
): PrometheusSettings | null {
  if (!section) return null;
  const token = env.VIGIL_PROMETHEUS_TOKEN;
  const password = env.VIGIL_PROMETHEUS_PASSWORD;
  const problems: string[] = [];
  if (token !== undefined && section.basicAuthUser !== undefined) {
    problems.push(
      "sources.prometheus: both VIGIL_PROMETHEUS_TOKEN and basicAuthUser are set; keep one way to authenticate",
    );
  }
  if (section.basicAuthUser !== undefined && password === undefined) {
    problems.push("sources.prometheus.basicAuthUser: set, but env VIGIL_PROMETHEUS_PASSWORD is not");
  }
  if (section.basicAuthUser === undefined && password !== undefined) {
    problems.push("env VIGIL_PROMETHEUS_PASSWORD: set, but sources.prometheus.basicAuthUser is not");
  }
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  ${problems.join("\n  ")}`, problems);
  }
  const auth: PrometheusAuthSettings | null =
    token !== undefined
      ? { kind: "bearer", token }
      : section.basicAuthUser !== undefined && password !== undefined
        ? { kind: "basic", username: section.basicAuthUser, password }
        : null;
  return {
    url: section.url,
    timeoutMs: section.timeoutMs,
    retries: section.retries,
    headers: section.headers ?? {},
    auth,
  };
}
