import { z } from "zod";
import { optionalString } from "./env-value.ts";
import { modelEnvShape } from "./sections/model-section.ts";
import { pagerdutyEnvShape } from "./sections/pagerduty-section.ts";
import { policyEnvShape } from "./sections/policy-section.ts";
import { slackEnvShape } from "./sections/slack-section.ts";
import { sourcesEnvShape } from "./sections/sources-section.ts";

function integer(defaultValue: number, min: number, max: number) {
  return optionalString().pipe(
    z
      .string()
      .regex(/^\d+$/, `expected an integer between ${min} and ${max}`)
      .transform(Number)
      .pipe(z.number().int().min(min).max(max))
      .optional()
      .transform((value) => value ?? defaultValue),
  );
}

function url(protocols: RegExp, description: string) {
  return optionalString().pipe(z.url({ protocol: protocols, error: `expected ${description}` }).optional());
}

/** Every environment variable Vigil reads. Nothing outside src/config/ touches process.env. */
export const envSchema = z.object({
  PORT: integer(3000, 0, 65535),
  HOST: optionalString().transform((value) => value ?? "127.0.0.1"),
  DATABASE_URL: url(/^postgres(ql)?$/, "a postgres:// or postgresql:// URL"),
  VIGIL_DATABASE_POOL_SIZE: integer(10, 1, 200),
  VIGIL_DATA_DIR: optionalString().transform((value) => value ?? ".vigil"),
  VIGIL_EMBEDDED_POSTGRES_PORT: integer(0, 0, 65535),
  VIGIL_CONFIG: optionalString(),
  VIGIL_ALERTMANAGER_TOKEN: optionalString(),
  VIGIL_PAGERDUTY_WEBHOOK_SECRETS: optionalString().transform((value) =>
    (value ?? "")
      .split(",")
      .map((secret) => secret.trim())
      .filter((secret) => secret.length > 0),
  ),
  OTEL_EXPORTER_OTLP_ENDPOINT: url(/^https?$/, "an http:// or https:// URL"),
  OTEL_SERVICE_NAME: optionalString().transform((value) => value ?? "vigil"),
  VIGIL_INVESTIGATOR_TIMEOUT_MS: integer(20_000, 1, 600_000),
  VIGIL_WORKER_CONCURRENCY: integer(4, 0, 64),
  VIGIL_WORKER_MAX_DEFER_SECONDS: integer(30, 0, 600),
  VIGIL_LOG_LEVEL: optionalString().pipe(
    z
      .enum(["debug", "info", "warn", "error", "silent"])
      .optional()
      .transform((level) => level ?? "info"),
  ),
  // Each section of the configuration declares the env vars it reads in its own file.
  ...slackEnvShape,
  ...pagerdutyEnvShape,
  ...policyEnvShape,
  ...sourcesEnvShape,
  ...modelEnvShape,
});

export type VigilEnv = z.output<typeof envSchema>;
