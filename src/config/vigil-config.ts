import type { ServiceCatalogEntry, VigilFile } from "./file-schema.ts";

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
  worker: { concurrency: number };
  logLevel: LogLevel;
  /** The vigil.yaml that was read, or null when none. */
  configFile: string | null;
  services: ServiceCatalogEntry[];
  slack: VigilFile["slack"] | null;
  policy: VigilFile["policy"] | null;
  sources: VigilFile["sources"] | null;
}
