import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/config/index.ts";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function emptyDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "vigil-config-"));
  made.push(dir);
  return dir;
}

function problemsOf(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error("expected loadConfig to refuse the configuration");
}

describe("loadConfig from env", () => {
  it("starts with defaults: loopback:3000, embedded Postgres under .vigil, no secrets", () => {
    const cwd = emptyDir();
    const config = loadConfig({ env: {}, cwd });
    expect(config).toMatchObject({
      http: { host: "127.0.0.1", port: 3000 },
      database: { url: null, poolSize: 10, embeddedPort: 0 },
      dataDir: join(cwd, ".vigil"),
      alertmanager: { token: null },
      pagerduty: { webhookSecrets: [] },
      telemetry: { otlpEndpoint: null, serviceName: "vigil" },
      investigator: { timeoutMs: 20_000 },
      configFile: null,
      services: [],
    });
  });

  it("reads every documented variable", () => {
    const config = loadConfig({
      cwd: emptyDir(),
      env: {
        PORT: "8080",
        HOST: "0.0.0.0",
        DATABASE_URL: "postgres://vigil:pw@db:5432/vigil",
        VIGIL_DATA_DIR: "/var/lib/vigil",
        VIGIL_ALERTMANAGER_TOKEN: "am-token",
        VIGIL_PAGERDUTY_WEBHOOK_SECRETS: "new-secret, old-secret,,",
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://otel-collector:4318",
        VIGIL_INVESTIGATOR_TIMEOUT_MS: "5000",
        VIGIL_LOG_LEVEL: "debug",
        VIGIL_DATABASE_POOL_SIZE: "20",
        VIGIL_EMBEDDED_POSTGRES_PORT: "5433",
        VIGIL_WORKER_CONCURRENCY: "0",
        VIGIL_WORKER_MAX_DEFER_SECONDS: "5",
        OTEL_SERVICE_NAME: "vigil-staging",
      },
    });
    expect(config).toMatchObject({
      http: { host: "0.0.0.0", port: 8080 },
      database: { url: "postgres://vigil:pw@db:5432/vigil" },
      dataDir: "/var/lib/vigil",
      alertmanager: { token: "am-token" },
      pagerduty: { webhookSecrets: ["new-secret", "old-secret"] },
      telemetry: { otlpEndpoint: "http://otel-collector:4318" },
      investigator: { timeoutMs: 5000 },
      logLevel: "debug",
    });
    expect(config.database).toMatchObject({ poolSize: 20, embeddedPort: 5433 });
    expect(config.worker).toEqual({ concurrency: 0, maxDeferSeconds: 5 });
    expect(config.telemetry.serviceName).toBe("vigil-staging");
  });

  it("treats an empty variable as unset", () => {
    const config = loadConfig({
      cwd: emptyDir(),
      env: { PORT: "", DATABASE_URL: " ", VIGIL_ALERTMANAGER_TOKEN: "" },
    });
    expect(config.http.port).toBe(3000);
    expect(config.database.url).toBeNull();
    expect(config.alertmanager.token).toBeNull();
  });

  it("refuses bad values, naming each key and what is wrong", () => {
    const problems = problemsOf(() =>
      loadConfig({
        cwd: emptyDir(),
        env: {
          PORT: "eighty",
          VIGIL_INVESTIGATOR_TIMEOUT_MS: "0",
          OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318",
        },
      }),
    );
    expect(problems).toEqual([
      'env PORT: expected an integer between 0 and 65535 (got "eighty")',
      expect.stringMatching(/^env OTEL_EXPORTER_OTLP_ENDPOINT: expected an http:\/\/ or https:\/\/ URL/),
      expect.stringMatching(/^env VIGIL_INVESTIGATOR_TIMEOUT_MS: .*>=1/),
    ]);
  });

  it("never repeats a secret in its error message", () => {
    const problems = problemsOf(() =>
      loadConfig({ cwd: emptyDir(), env: { DATABASE_URL: "mysql://root:hunter2@db/x" } }),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^env DATABASE_URL: /);
    expect(problems[0]).not.toContain("hunter2");
  });
});

describe("loadConfig from vigil.yaml", () => {
  const catalog = [
    "services:",
    "  - name: checkout",
    "    namespace: shop",
    "    team: payments",
    "    labels: { tier: frontend }",
    "    dependsOn: [payments, redis]",
    "  - name: payments",
    "sources:",
    "  prometheus: { url: http://prometheus:9090 }",
    "",
  ].join("\n");

  it("reads ./vigil.yaml when present", () => {
    const cwd = emptyDir();
    writeFileSync(join(cwd, "vigil.yaml"), catalog);
    const config = loadConfig({ env: {}, cwd });
    expect(config.configFile).toBe(join(cwd, "vigil.yaml"));
    expect(config.services).toEqual([
      {
        name: "checkout",
        namespace: "shop",
        team: "payments",
        labels: { tier: "frontend" },
        dependsOn: ["payments", "redis"],
      },
      { name: "payments", labels: {}, dependsOn: [] },
    ]);
    expect(config.sources?.prometheus?.url).toBe("http://prometheus:9090");
  });

  it("reads the file named by VIGIL_CONFIG, and refuses one that does not exist", () => {
    const cwd = emptyDir();
    writeFileSync(join(cwd, "other.yaml"), catalog);
    expect(loadConfig({ env: { VIGIL_CONFIG: "other.yaml" }, cwd }).services).toHaveLength(2);
    expect(problemsOf(() => loadConfig({ env: { VIGIL_CONFIG: "missing.yaml" }, cwd }))).toEqual([
      `env VIGIL_CONFIG: file ${join(cwd, "missing.yaml")} does not exist`,
    ]);
  });

  it("names the path of a bad value and of a misspelt section", () => {
    const cwd = emptyDir();
    const file = join(cwd, "vigil.yaml");
    writeFileSync(
      file,
      "services:\n  - namespace: shop\nservcies: []\npolicy:\n  allowedActions: [reboot-everything]\n",
    );
    const problems = problemsOf(() => loadConfig({ env: {}, cwd }));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${file} services\\.0\\.name: `)),
        `${file} (root): Unrecognized key: "servcies"`,
        expect.stringMatching(new RegExp(`^${file} policy\\.allowedActions\\.0: `)),
      ]),
    );
  });

  it("reports YAML that does not parse", () => {
    const cwd = emptyDir();
    writeFileSync(join(cwd, "vigil.yaml"), "services: [\n");
    expect(problemsOf(() => loadConfig({ env: {}, cwd }))[0]).toMatch(/vigil\.yaml: not valid YAML/);
  });

  it("accepts the shipped vigil.example.yaml", () => {
    const config = loadConfig({ env: { VIGIL_CONFIG: "vigil.example.yaml" }, cwd: process.cwd() });
    expect(config.services.length).toBeGreaterThan(0);
  });
});
