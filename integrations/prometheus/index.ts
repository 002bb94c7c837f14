export { chooseServiceMatchers } from "./choose-service-matchers.ts";
export { createPrometheusMetricsSource } from "./create-prometheus-metrics-source.ts";
export {
  createPrometheusSource,
  type PrometheusSource,
  type PrometheusSourceOptions,
} from "./create-prometheus-source.ts";
export {
  type CatalogService,
  createServiceIdentifier,
  type IdentifyService,
  type ServiceIdentity,
} from "./identify-service.ts";
export { mapLabelSets, mapPrometheusMatrix, parseSampleValue } from "./map-prometheus-matrix.ts";
export { matchesSelector } from "./matches-selector.ts";
export {
  createPrometheusHttpClient,
  type PrometheusAuth,
  type PrometheusHttpClient,
  type PrometheusHttpOptions,
} from "./prometheus-http-client.ts";
export { type LabelMatcher, mapSelectors, metricOf, type Selector } from "./promql-selectors.ts";
export { createServiceLabelMapping, type ServiceLabelMappingOptions } from "./service-label-mapping.ts";
