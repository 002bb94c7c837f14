import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { NodeSDK } from "@opentelemetry/sdk-node";

export interface Telemetry {
  /** Flushes pending spans and stops exporting. */
  shutdown(): Promise<void>;
}

/**
 * The one place the OpenTelemetry SDK is set up. With no OTLP endpoint nothing is started and
 * spans made through `@opentelemetry/api` are no-ops; with one, spans go to `<endpoint>/v1/traces`.
 */
export function startTelemetry({
  otlpEndpoint,
  serviceName,
}: {
  otlpEndpoint: string | null;
  serviceName: string;
}): Telemetry {
  if (otlpEndpoint === null) return { shutdown: async () => {} };
  const sdk = new NodeSDK({
    serviceName,
    traceExporter: new OTLPTraceExporter({ url: `${otlpEndpoint.replace(/\/+$/, "")}/v1/traces` }),
    // Vigil makes its own spans; no auto-instrumentation, no metrics export (Prometheus scrapes /metrics).
    instrumentations: [],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
