import type { Hono } from "hono";
import type { VigilMetrics } from "../telemetry/create-vigil-metrics.ts";
import type { AppEnv } from "./app-env.ts";

/** `GET /metrics` in the Prometheus text format. */
export function registerMetricsRoute(app: Hono<AppEnv>, { metrics }: { metrics: VigilMetrics }): void {
  app.get("/metrics", async (c) => {
    c.header("content-type", metrics.registry.contentType);
    return c.body(await metrics.registry.metrics());
  });
}
