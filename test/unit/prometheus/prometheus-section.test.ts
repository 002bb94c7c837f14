import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigError } from "../../../src/config/config-error.ts";
import {
  prometheusEnvShape,
  prometheusSourceSchema,
  resolvePrometheusSettings,
} from "../../../src/config/sections/prometheus-section.ts";

const env = (values: Record<string, string>) => z.object(prometheusEnvShape).parse(values);

function problemsOf(resolve: () => unknown): string[] {
  try {
    resolve();
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error("expected the settings to be refused");
}

describe("sources.prometheus settings", () => {
  it("fills in timeout and retries and needs no credentials", () => {
    const section = prometheusSourceSchema.parse({ url: "http://prometheus:9090" });
    expect(resolvePrometheusSettings(section, env({}))).toEqual({
      url: "http://prometheus:9090",
      timeoutMs: 10_000,
      retries: 2,
      headers: {},
      auth: null,
    });
  });

  it("is null when the section is absent, whatever the env holds", () => {
    expect(resolvePrometheusSettings(undefined, env({ VIGIL_PROMETHEUS_TOKEN: "t" }))).toBeNull();
  });

  it("takes a bearer token from VIGIL_PROMETHEUS_TOKEN, trimmed", () => {
    const section = prometheusSourceSchema.parse({
      url: "https://prom.example.com",
      headers: { "X-Scope-OrgID": "a" },
    });
    const settings = resolvePrometheusSettings(section, env({ VIGIL_PROMETHEUS_TOKEN: " tok \n" }));
    expect(settings?.auth).toEqual({ kind: "bearer", token: "tok" });
    expect(settings?.headers).toEqual({ "X-Scope-OrgID": "a" });
  });

  it("takes basic auth from basicAuthUser and VIGIL_PROMETHEUS_PASSWORD", () => {
    const section = prometheusSourceSchema.parse({ url: "https://prom.example.com", basicAuthUser: "vigil" });
    expect(resolvePrometheusSettings(section, env({ VIGIL_PROMETHEUS_PASSWORD: "pw" }))?.auth).toEqual({
      kind: "basic",
      username: "vigil",
      password: "pw",
    });
  });

  it("treats an empty env var as unset", () => {
    const section = prometheusSourceSchema.parse({ url: "https://prom.example.com" });
    expect(resolvePrometheusSettings(section, env({ VIGIL_PROMETHEUS_TOKEN: "  " }))?.auth).toBeNull();
  });

  it("refuses half-configured or doubly configured credentials, naming the keys", () => {
    const basic = prometheusSourceSchema.parse({ url: "https://p", basicAuthUser: "vigil" });
    const plain = prometheusSourceSchema.parse({ url: "https://p" });
    expect(problemsOf(() => resolvePrometheusSettings(basic, env({})))).toEqual([
      "sources.prometheus.basicAuthUser: set, but env VIGIL_PROMETHEUS_PASSWORD is not",
    ]);
    expect(
      problemsOf(() => resolvePrometheusSettings(plain, env({ VIGIL_PROMETHEUS_PASSWORD: "pw" }))),
    ).toEqual(["env VIGIL_PROMETHEUS_PASSWORD: set, but sources.prometheus.basicAuthUser is not"]);
    expect(
      problemsOf(() =>
        resolvePrometheusSettings(
          basic,
          env({ VIGIL_PROMETHEUS_TOKEN: "t", VIGIL_PROMETHEUS_PASSWORD: "pw" }),
        ),
      ),
    ).toEqual([
      "sources.prometheus: both VIGIL_PROMETHEUS_TOKEN and basicAuthUser are set; keep one way to authenticate",
    ]);
  });

  it("keeps secrets out of vigil.yaml and catches misspelt keys", () => {
    const messages = (value: unknown) =>
      prometheusSourceSchema
        .safeParse(value)
        .error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    expect(messages({ url: "http://user:pw@prom:9090" })).toEqual([
      "url: credentials do not belong in vigil.yaml; use basicAuthUser with VIGIL_PROMETHEUS_PASSWORD",
    ]);
    expect(messages({ url: "http://prom:9090", headers: { Authorization: "Bearer x" } })).toEqual([
      "headers: the authorization header is a secret; use VIGIL_PROMETHEUS_TOKEN",
    ]);
    expect(messages({ url: "http://prom:9090", timeout: 5 })).toEqual([': Unrecognized key: "timeout"']);
    expect(messages({ url: "ftp://prom" })).toEqual(["url: expected an http:// or https:// URL"]);
    expect(messages({ url: "http://prom", retries: -1 })?.[0]).toMatch(/^retries: /);
  });
});
