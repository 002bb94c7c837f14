import type { Context, Hono } from "hono";
import { alertmanagerWebhookSchema } from "../../integrations/alertmanager/alertmanager-webhook-schema.ts";
import { mapAlertmanagerWebhook } from "../../integrations/alertmanager/map-alertmanager-webhook.ts";
import { verifyAlertmanagerToken } from "../../integrations/alertmanager/verify-alertmanager-token.ts";
import { mapPagerdutyWebhook } from "../../integrations/pagerduty/map-pagerduty-webhook.ts";
import { pagerdutyWebhookSchema } from "../../integrations/pagerduty/pagerduty-webhook-schema.ts";
import { verifyPagerdutySignature } from "../../integrations/pagerduty/verify-pagerduty-signature.ts";
import type { IngestService } from "../ingest/create-ingest-service.ts";
import { InvalidPayloadError, UnauthorizedError } from "../ingest/ingest-errors.ts";
import type { IngestResult } from "../ingest/normalized-delivery.ts";
import type { VigilMetrics } from "../telemetry/create-vigil-metrics.ts";
import type { AppEnv } from "./app-env.ts";
import { instrumentDelivery } from "./instrument-delivery.ts";
import { parseJson, readRawBody, validate } from "./read-body.ts";

export interface WebhookRoutesDeps {
  ingest: IngestService;
  metrics: VigilMetrics;
  alertmanagerToken: string | null;
  pagerdutySecrets: readonly string[];
  maxBodyBytes: number;
}

/**
 * `POST /webhooks/alertmanager` and `POST /webhooks/pagerduty`. A 202 is sent only after the
 * delivery is committed; its body is `{ incidentId, alerts, duplicate }`.
 */
export function registerWebhookRoutes(app: Hono<AppEnv>, deps: WebhookRoutesDeps): void {
  app.use("/webhooks/alertmanager", instrumentDelivery("alertmanager", deps.metrics));
  app.post("/webhooks/alertmanager", async (c) => {
    if (!verifyAlertmanagerToken(c.req.header("authorization"), deps.alertmanagerToken)) {
      throw new UnauthorizedError("missing or wrong bearer token");
    }
    const body = await readRawBody(c, deps.maxBodyBytes);
    const webhook = validate(alertmanagerWebhookSchema, parseJson(body));
    return answer(c, await deps.ingest.ingest(mapAlertmanagerWebhook(webhook, body)));
  });

  app.use("/webhooks/pagerduty", instrumentDelivery("pagerduty", deps.metrics));
  app.post("/webhooks/pagerduty", async (c) => {
    const body = await readRawBody(c, deps.maxBodyBytes);
    if (!verifyPagerdutySignature(body, c.req.header("x-pagerduty-signature"), deps.pagerdutySecrets)) {
      throw new UnauthorizedError("missing or invalid X-PagerDuty-Signature");
    }
    const webhook = validate(pagerdutyWebhookSchema, parseJson(body));
    const mapped = mapPagerdutyWebhook(webhook, c.req.header("x-webhook-id"));
    if (!mapped.ok) throw new InvalidPayloadError(mapped.message, mapped.field);
    return answer(c, await deps.ingest.ingest(mapped.delivery));
  });
}

function answer(c: Context<AppEnv>, result: IngestResult) {
  c.set("ingestResult", result);
  return c.json({ incidentId: result.incidentId, alerts: result.alerts, duplicate: result.duplicate }, 202);
}
