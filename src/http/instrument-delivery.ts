import { SpanStatusCode } from "@opentelemetry/api";
import type { MiddlewareHandler } from "hono";
import type { AlertSource } from "../domain/index.ts";
import type { VigilMetrics } from "../telemetry/create-vigil-metrics.ts";
import { vigilTracer } from "../telemetry/vigil-tracer.ts";
import type { AppEnv } from "./app-env.ts";
import { mapError } from "./map-error.ts";

/** One span and one set of metric samples per webhook delivery, whatever its outcome. */
export function instrumentDelivery(source: AlertSource, metrics: VigilMetrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await vigilTracer.startActiveSpan(
      "webhook.received",
      { attributes: { "vigil.source": source } },
      async (span) => {
        try {
          await next();
        } finally {
          const result = c.get("ingestResult");
          const outcome =
            result?.outcome ?? (c.error === undefined ? `http_${c.res.status}` : mapError(c.error).code);
          metrics.deliveries.inc({ source, outcome });
          metrics.ackSeconds.observe({ source, outcome }, (performance.now() - started) / 1000);
          if (outcome === "opened") metrics.incidentsOpened.inc({ source });
          span.setAttribute("vigil.outcome", outcome);
          span.setAttribute("http.response.status_code", c.res.status);
          if (result !== undefined) {
            if (result.incidentId !== null) span.setAttribute("vigil.incident_id", result.incidentId);
            span.setAttribute("vigil.alerts", result.alerts);
            span.setAttribute("vigil.duplicate", result.duplicate);
          }
          if (c.res.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
          span.end();
        }
      },
    );
  };
}
