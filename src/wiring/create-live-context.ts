import { createLiveSources } from "../../integrations/live/create-live-sources.ts";
import { createPrometheusMetricsSource } from "../../integrations/prometheus/create-prometheus-metrics-source.ts";
import type { InvestigationContext } from "../agent/create-investigation.ts";
import type { VigilConfig } from "../config/index.ts";
import { createUnconfiguredSources } from "../demo/unconfigured-sources.ts";
import { systemClock } from "../ports/clock.ts";
import type { DataSources } from "../ports/data-sources.ts";

/**
 * The sources `sources:` in vigil.yaml configures, metrics seen through the service catalog (so
 * investigators find series by `service` whatever the exporters call it). Each source connects on
 * first use; one that is missing becomes an investigation gap. `vigil serve` and `vigil record`
 * both use this, so a recording holds what a live investigation sees.
 */
export function createConfiguredSources(config: VigilConfig): DataSources {
  if (config.sources === null) return createUnconfiguredSources();
  const prometheus = config.sources.prometheus;
  return createLiveSources(config.sources, {
    services: config.services,
    ...(prometheus
      ? { metrics: createPrometheusMetricsSource({ settings: prometheus, services: config.services }) }
      : {}),
  });
}

/** A live investigation's context: the configured sources on the system clock. */
export function createLiveContext(config: VigilConfig): () => InvestigationContext {
  const sources = createConfiguredSources(config);
  return () => ({ sources, clock: systemClock });
}
