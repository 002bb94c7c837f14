import { createHmac } from "node:crypto";
import { createReplaySources } from "../../integrations/replay/create-replay-sources.ts";
import type { ReplayCase } from "../../integrations/replay/load-replay-case.ts";
import { visibleToPipeline } from "../../integrations/replay/visible-to-pipeline.ts";
import { createInvestigation } from "../agent/create-investigation.ts";
import type { InvestigationGraphDeps } from "../agent/graph.ts";
import type { Runbook } from "../agent/runbooks/runbook.ts";
import type { RcaDocument } from "../domain/rca.ts";
import { createApp } from "../http/create-app.ts";
import { createIngestService } from "../ingest/create-ingest-service.ts";
import type { MitigationPolicy } from "../mitigation/mitigation-policy.ts";
import { fixedClock } from "../ports/clock.ts";
import { createCheckpointer } from "../store/create-checkpointer.ts";
import { createIncidentQueries } from "../store/create-incident-queries.ts";
import { createInvestigationRepository } from "../store/create-investigation-repository.ts";
import { createPostgresIngestRepository } from "../store/create-postgres-ingest-repository.ts";
import { type OpenedDatabase, openDatabase } from "../store/open-database.ts";
import { createVigilMetrics } from "../telemetry/create-vigil-metrics.ts";
import { EVAL_CONNECT_TIMEOUT_MS, type EvalDatabases } from "./eval-database.ts";

/** The credentials the harness's in-process Vigil expects; the harness signs with them like a real sender. */
const EVAL_TOKEN = "vigil-eval-token";
const EVAL_SECRET = "vigil-eval-pagerduty-secret";

export interface CaseRun {
  rca: RcaDocument | null;
  seconds: number;
  error: string | null;
}

export interface RunCaseDeps {
  databases: EvalDatabases;
  runbooks: Runbook[];
  policy: MitigationPolicy;
  deadlineMs: number;
  /** With a model: the reasoning node for one case, accounting its usage in the case's database. */
  reasonerFor?: (database: OpenedDatabase) => NonNullable<InvestigationGraphDeps["reason"]>;
}

/**
 * Replays one case end to end: its alert goes through the real webhook route of a Vigil on a fresh
 * database, the incident's investigation runs on replay sources with the clock pinned at the case's
 * `now`, and the stored RCA is read back. Only `now`, `alert` and `sources` reach the pipeline.
 */
export async function runCase(replayCase: ReplayCase, index: number, deps: RunCaseDeps): Promise<CaseRun> {
  const view = visibleToPipeline(replayCase);
  const name = `vigil_eval_${index}`;
  const url = await deps.databases.create(name);
  const database = openDatabase({ url, poolSize: 4, connectTimeoutMs: EVAL_CONNECT_TIMEOUT_MS });
  const started = performance.now();
  try {
    const clock = fixedClock(new Date(view.now));
    const app = createApp({
      ingest: createIngestService({
        repository: createPostgresIngestRepository({ pool: database.pool, boss: deps.databases.boss }),
      }),
      incidents: createIncidentQueries(database.db),
      isDatabaseReady: async () => true,
      metrics: createVigilMetrics({ processMetrics: false }),
      auth: { alertmanagerToken: EVAL_TOKEN, pagerdutySecrets: [EVAL_SECRET] },
    });
    const incidentId = await deliver(app, view.alert);
    const sources = createReplaySources(view);
    const { investigate } = createInvestigation({
      repository: createInvestigationRepository(database.db),
      checkpointer: await createCheckpointer(database.pool, { setup: false }),
      contextFor: () => ({ sources, clock }),
      runbooks: deps.runbooks,
      policy: deps.policy,
      clock,
      deadlineMs: deps.deadlineMs,
      ...(deps.reasonerFor ? { reason: deps.reasonerFor(database) } : {}),
    });
    await investigate(incidentId);
    const detail = await createIncidentQueries(database.db).get(incidentId);
    const seconds = (performance.now() - started) / 1000;
    if (!detail?.rca) return { rca: null, seconds, error: "the investigation finished without an RCA" };
    return { rca: detail.rca, seconds, error: null };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { rca: null, seconds: (performance.now() - started) / 1000, error: message };
  } finally {
    await database.close();
    await deps.databases.drop(name);
  }
}

async function deliver(app: ReturnType<typeof createApp>, alert: ReplayCase["alert"]): Promise<string> {
  const body = JSON.stringify(alert.payload);
  const headers: Record<string, string> = { "content-type": "application/json" };
  let path: string;
  if (alert.source === "alertmanager") {
    path = "/webhooks/alertmanager";
    headers.authorization = `Bearer ${EVAL_TOKEN}`;
  } else {
    path = "/webhooks/pagerduty";
    headers["x-pagerduty-signature"] = `v1=${createHmac("sha256", EVAL_SECRET).update(body).digest("hex")}`;
    headers["x-webhook-id"] = `eval-${createHmac("sha256", "id").update(body).digest("hex").slice(0, 16)}`;
  }
  const response = await app.request(path, { method: "POST", headers, body });
  const answer = (await response.json()) as { incidentId?: string | null; error?: { message: string } };
  if (!response.ok || !answer.incidentId) {
    throw new Error(
      `webhook answered ${response.status}: ${answer.error?.message ?? JSON.stringify(answer)}`,
    );
  }
  return answer.incidentId;
}
