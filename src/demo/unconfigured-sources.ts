import { createUnavailableSource } from "../../integrations/replay/unavailable-sources.ts";
import type { DataSources } from "../ports/data-sources.ts";

/**
 * The sources of a Vigil with none configured: each answers "unavailable", so an investigation
 * still runs and its RCA lists every missing source as a gap instead of guessing.
 */
export function createUnconfiguredSources(): DataSources {
  const missing = (what: string, key: string) =>
    `no ${what} source is configured (sources.${key} in vigil.yaml)`;
  return {
    metrics: createUnavailableSource("metrics", missing("metrics", "prometheus")),
    logs: createUnavailableSource("logs", missing("log", "loki")),
    changes: createUnavailableSource("changes", missing("change-history", "changes")),
    cluster: createUnavailableSource("cluster", missing("Kubernetes", "kubernetes")),
    topology: createUnavailableSource("topology", missing("topology", "services")),
  };
}
