import type { ServiceCatalogEntry } from "./file-schema.ts";
import type { ModelSettings } from "./sections/model-section.ts";
import type { PagerdutySettings } from "./sections/pagerduty-section.ts";
import type { PolicySettings } from "./sections/policy-section.ts";
import type { SlackSettings } from "./sections/slack-section.ts";
import type { SourcesSettings } from "./sections/sources-section.ts";

export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

/** Everything Vigil needs to start, validated once. Built by `loadConfig`, consumed by `startVigil`. */
export interface VigilConfig {
  http: { host: string; port: number };
  database: {
    /** null: Vigil starts its own embedded Postgres under `dataDir`. */
    url: string | null;
    poolSize: number;
    /** 0 picks a free port at each start. */
    embeddedPort: number;
  };
  dataDir: string;
  alertmanager: { token: string | null };
  pagerduty: { webhookSecrets: string[] };
  telemetry: { otlpEndpoint: string | null; serviceName: string };
  investigator: { timeoutMs: number };
  /** Investigations this process runs at once; 0: it only ingests (another replica investigates). */
  worker: {
    concurrency: number;
    /** Longest an investigation waits for saturated ingest to calm down before it starts anyway. */
    maxDeferSeconds: number;
  };
  logLevel: LogLevel;
  /** The vigil.yaml that was read, or null when none. */
  configFile: string | null;
  services: ServiceCatalogEntry[];
  /** null: the section is absent (or, for secrets-only sections, nothing is configured). */
  slack: SlackSettings | null;
  pagerdutyApi: PagerdutySettings | null;
  policy: PolicySettings | null;
  sources: SourcesSettings | null;
  model: ModelSettings | null;
}
