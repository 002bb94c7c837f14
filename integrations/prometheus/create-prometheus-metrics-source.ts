import type { PrometheusSettings } from "../../src/config/sections/prometheus-section.ts";
import type { MetricsSource } from "../../src/ports/metrics-source.ts";
import { createPrometheusSource } from "./create-prometheus-source.ts";
import type { CatalogService } from "./identify-service.ts";
import { createServiceLabelMapping } from "./service-label-mapping.ts";

/**
 * The metrics source a live Vigil investigates with: Prometheus as configured, seen through the
 * service catalog so that its series carry the `service` label the investigators expect.
 */
export function createPrometheusMetricsSource({
  settings,
  services = [],
}: {
  settings: PrometheusSettings;
  services?: readonly CatalogService[];
}): MetricsSource {
  return createServiceLabelMapping({ source: createPrometheusSource(settings), services });
}
