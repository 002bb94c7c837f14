import { Hono } from "hono";
import type { IngestService } from "../ingest/create-ingest-service.ts";
import type { IncidentQueries } from "../store/create-incident-queries.ts";
import { type Logger, silentLogger } from "../telemetry/create-logger.ts";
import type { VigilMetrics } from "../telemetry/create-vigil-metrics.ts";
import type { AppEnv } from "./app-env.ts";
import { mapError } from "./map-error.ts";
import { MAX_BODY_BYTES } from "./read-body.ts";
import { registerHealthRoutes } from "./register-health-routes.ts";
import { registerIncidentRoutes } from "./register-incident-routes.ts";
import { registerMetricsRoute } from "./register-metrics-route.ts";
import { registerWebhookRoutes } from "./register-webhook-routes.ts";

export interface AppDeps {
  ingest: IngestService;
  incidents: IncidentQueries;
  isDatabaseReady: () => Promise<boolean>;
  metrics: VigilMetrics;
  auth: { alertmanagerToken: string | null; pagerdutySecrets: readonly string[] };
  logger?: Logger;
  maxBodyBytes?: number;
  /** Routes of optional features (Slack, mitigation API), registered before the not-found handler. */
  routes?: Array<(app: Hono<AppEnv>) => void>;
}

/** The Hono app, from injected dependencies only, so tests and the eval harness can `app.request(...)` it. */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const logger = deps.logger ?? silentLogger;
  const app = new Hono<AppEnv>();

  registerWebhookRoutes(app, {
    ingest: deps.ingest,
    metrics: deps.metrics,
    alertmanagerToken: deps.auth.alertmanagerToken,
    pagerdutySecrets: deps.auth.pagerdutySecrets,
    maxBodyBytes: deps.maxBodyBytes ?? MAX_BODY_BYTES,
  });
  registerIncidentRoutes(app, { incidents: deps.incidents });
  registerHealthRoutes(app, { isDatabaseReady: deps.isDatabaseReady });
  registerMetricsRoute(app, { metrics: deps.metrics });
  for (const register of deps.routes ?? []) register(app);

  app.notFound((c) =>
    c.json({ error: { code: "not_found", message: `no route for ${c.req.method} ${c.req.path}` } }, 404),
  );
  app.onError((error, c) => {
    const mapped = mapError(error);
    if (mapped.status >= 500) logger.error("request failed", { path: c.req.path, code: mapped.code, error });
    else logger.debug("request refused", { path: c.req.path, code: mapped.code, message: mapped.message });
    if (mapped.status === 401 && c.req.path === "/webhooks/alertmanager")
      c.header("www-authenticate", "Bearer");
    if (mapped.status === 503) c.header("retry-after", "5");
    const { status, ...body } = mapped;
    return c.json({ error: body }, status);
  });
  return app;
}
