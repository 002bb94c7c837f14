import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { ConfigError } from "./config-error.ts";
import { envSchema } from "./env-schema.ts";
import { fileSchema, type VigilFile } from "./file-schema.ts";
import { resolveModelSettings } from "./sections/model-section.ts";
import { resolvePagerdutySettings } from "./sections/pagerduty-section.ts";
import { resolvePolicySettings } from "./sections/policy-section.ts";
import { resolveSlackSettings } from "./sections/slack-section.ts";
import { resolveSourcesSettings } from "./sections/sources-section.ts";
import type { VigilConfig } from "./vigil-config.ts";

export interface LoadConfigOptions {
  env?: Readonly<Record<string, string | undefined>>;
  /** Where `./vigil.yaml` and relative paths are resolved. */
  cwd?: string;
}

/**
 * Reads env and the optional vigil.yaml (VIGIL_CONFIG, else ./vigil.yaml when present) once.
 * Throws ConfigError naming every bad key; start-up stops on it.
 */
export function loadConfig({ env = process.env, cwd = process.cwd() }: LoadConfigOptions = {}): VigilConfig {
  const parsedEnv = envSchema.safeParse(env);
  if (!parsedEnv.success) {
    const problems = describeIssues(parsedEnv.error, "env ", env);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join("\n  ")}`, problems);
  }
  const values = parsedEnv.data;
  const configFile = locateConfigFile(values.VIGIL_CONFIG, cwd);
  const file = configFile === null ? fileSchema.parse({}) : readConfigFile(configFile);

  return {
    http: { host: values.HOST, port: values.PORT },
    database: {
      url: values.DATABASE_URL ?? null,
      poolSize: values.VIGIL_DATABASE_POOL_SIZE,
      embeddedPort: values.VIGIL_EMBEDDED_POSTGRES_PORT,
    },
    dataDir: resolve(cwd, values.VIGIL_DATA_DIR),
    alertmanager: { token: values.VIGIL_ALERTMANAGER_TOKEN ?? null },
    pagerduty: { webhookSecrets: values.VIGIL_PAGERDUTY_WEBHOOK_SECRETS },
    telemetry: {
      otlpEndpoint: values.OTEL_EXPORTER_OTLP_ENDPOINT ?? null,
      serviceName: values.OTEL_SERVICE_NAME,
    },
    investigator: { timeoutMs: values.VIGIL_INVESTIGATOR_TIMEOUT_MS },
    worker: {
      concurrency: values.VIGIL_WORKER_CONCURRENCY,
      maxDeferSeconds: values.VIGIL_WORKER_MAX_DEFER_SECONDS,
    },
    logLevel: values.VIGIL_LOG_LEVEL,
    configFile,
    services: file.services,
    slack: resolveSlackSettings(file.slack, values),
    pagerdutyApi: resolvePagerdutySettings(file.pagerduty, values),
    policy: resolvePolicySettings(file.policy, values),
    sources: resolveSourcesSettings(file.sources, values),
    model: resolveModelSettings(file.model, values),
  };
}

function locateConfigFile(explicit: string | undefined, cwd: string): string | null {
  if (explicit !== undefined) {
    const path = resolve(cwd, explicit);
    if (!existsSync(path)) {
      const problem = `env VIGIL_CONFIG: file ${path} does not exist`;
      throw new ConfigError(`Invalid configuration:\n  ${problem}`, [problem]);
    }
    return path;
  }
  const fallback = resolve(cwd, "vigil.yaml");
  return existsSync(fallback) ? fallback : null;
}

function readConfigFile(path: string): VigilFile {
  let document: unknown;
  try {
    document = parseYaml(readFileSync(path, "utf8"));
  } catch (error) {
    const problem = `${path}: not valid YAML: ${error instanceof Error ? error.message : String(error)}`;
    throw new ConfigError(`Invalid configuration:\n  ${problem}`, [problem]);
  }
  // An empty file parses to null; treat it as "no sections".
  const parsed = fileSchema.safeParse(document ?? {});
  if (!parsed.success) {
    const problems = describeIssues(parsed.error, `${path} `);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join("\n  ")}`, problems);
  }
  return parsed.data;
}

// Values of these keys are never echoed back in an error message.
const SECRET_KEY = /TOKEN|SECRET|PASSWORD|DATABASE_URL/;

function describeIssues(
  error: z.ZodError,
  prefix: string,
  input?: Readonly<Record<string, string | undefined>>,
): string[] {
  return error.issues.map((issue) => {
    const key = issue.path.length === 0 ? "(root)" : issue.path.map(String).join(".");
    const received = input?.[key];
    const got = received === undefined || SECRET_KEY.test(key) ? "" : ` (got ${JSON.stringify(received)})`;
    return `${prefix}${key}: ${issue.message}${got}`;
  });
}
