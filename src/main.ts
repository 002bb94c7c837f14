import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import type { Kysely } from "kysely";
import { sql } from "kysely";
import type pg from "pg";
import type PgBoss from "pg-boss";
import type { SlackIntegration } from "../integrations/slack/create-slack-integration.ts";
import type { InvestigationContext } from "./agent/create-investigation.ts";
import type { VigilConfig } from "./config/index.ts";
import type { AppEnv } from "./http/app-env.ts";
import { createApp } from "./http/create-app.ts";
import { createIngestService } from "./ingest/create-ingest-service.ts";
import { createIncidentQueries } from "./store/create-incident-queries.ts";
import { createPostgresIngestRepository } from "./store/create-postgres-ingest-repository.ts";
import type { Database } from "./store/database.ts";
import { startJobQueue } from "./store/job-queue.ts";
import { migrateToLatest } from "./store/migrate-to-latest.ts";
import { openDatabase } from "./store/open-database.ts";
import { type EmbeddedPostgresHandle, startEmbeddedPostgres } from "./store/start-embedded-postgres.ts";
import { type InvestigationWorker, startInvestigationWorker } from "./store/start-investigation-worker.ts";
import { createLogger, type Logger } from "./telemetry/create-logger.ts";
import { createVigilMetrics } from "./telemetry/create-vigil-metrics.ts";
import { startTelemetry } from "./telemetry/start-telemetry.ts";
import { createIncidentResponse } from "./wiring/create-incident-response.ts";
import { createLiveContext } from "./wiring/create-live-context.ts";

export interface StartVigilOptions {
  config: VigilConfig;
  /**
   * The investigation a worker runs for each opened incident; by default the investigation graph
   * over the data sources `contextFor` gives (tests replace it to observe the queue alone).
   */
  investigate?: (incidentId: string) => Promise<void>;
  /**
   * Where one incident's investigation reads its data and what time it is there. Default: the
   * configured sources and the system clock; the demo answers its bundled incident from a recording.
   */
  contextFor?: (incidentId: string) => InvestigationContext | Promise<InvestigationContext>;
  /**
   * false: incidents are still enqueued, but this process runs no investigations. Default true;
   * `VIGIL_WORKER_CONCURRENCY=0` does the same from configuration.
   */
  startWorker?: boolean;
  /** Seconds between queue polls when idle; new incidents wake the worker at once anyway. */
  pollingIntervalSeconds?: number;
  logger?: Logger;
}

export interface RunningVigil {
  /** Base URL of the HTTP server, e.g. `http://127.0.0.1:3000`. */
  url: string;
  app: Hono<AppEnv>;
  db: Kysely<Database>;
  /** The pool behind `db` (pipeline mode), for code that runs pipelined transactions. */
  pool: pg.Pool;
  boss: PgBoss;
  /** The Postgres URL in use (the embedded one when no DATABASE_URL was given). */
  databaseUrl: string;
  stop(): Promise<void>;
}

/** The only place that wires real dependencies: Postgres, queue, worker, HTTP server, telemetry. */
export async function startVigil({
  config,
  investigate,
  contextFor,
  startWorker = true,
  pollingIntervalSeconds = 2,
  logger = createLogger({ level: config.logLevel }),
}: StartVigilOptions): Promise<RunningVigil> {
  const cleanups: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((error: unknown) => logger.warn("error while stopping", { error }));
    }
  };
  try {
    const telemetry = startTelemetry(config.telemetry);
    cleanups.push(() => telemetry.shutdown());

    let embedded: EmbeddedPostgresHandle | null = null;
    if (config.database.url === null) {
      embedded = await startEmbeddedPostgres({
        dataDir: join(config.dataDir, "pg"),
        port: config.database.embeddedPort,
        onLog: (message) => logger.debug("postgres", { message: message.trim() }),
      });
      cleanups.push(() => embedded!.stop());
      logger.info("embedded Postgres started", { dataDir: embedded.dataDir, port: embedded.port });
    }
    const databaseUrl = config.database.url ?? embedded!.url;

    const database = openDatabase({
      url: databaseUrl,
      poolSize: config.database.poolSize,
      onIdleError: (error) => logger.warn("idle database connection lost", { message: error.message }),
    });
    cleanups.push(() => database.close());
    await migrateToLatest(database.db);

    const boss = await startJobQueue({
      url: databaseUrl,
      onError: (error) => logger.warn("job queue error", { message: error.message }),
    });
    cleanups.push(() => boss.stop({ graceful: true, timeout: 10_000 }));

    const response =
      investigate === undefined
        ? await createIncidentResponse({
            config,
            database,
            contextFor: contextFor ?? createLiveContext(config),
            logger,
          })
        : null;
    let worker: InvestigationWorker | null = null;
    const ingest = createIngestService({
      repository: createPostgresIngestRepository({ pool: database.pool, boss }),
      onIncidentOpened: () => worker?.notify(),
      onBatchFailed: (error, size) =>
        logger.warn("ingest batch failed; retrying its deliveries one by one", { size, error }),
    });
    if (startWorker && config.worker.concurrency > 0) {
      const handle =
        investigate ??
        (async (incidentId: string) => {
          await response!.investigation.investigate(incidentId);
        });
      worker = await startInvestigationWorker({
        boss,
        handle,
        pollingIntervalSeconds,
        concurrency: config.worker.concurrency,
        yieldTo: ingest.load,
        maxDeferMs: config.worker.maxDeferSeconds * 1000,
      });
      const started = worker;
      cleanups.push(() => started.stop());
      if (response !== null) startMitigationRecovery(response.investigation, logger, cleanups);
    }

    warnAboutOpenEndpoints(config, logger);
    const metrics = createVigilMetrics({ processMetrics: true });
    const app = createApp({
      ingest,
      incidents: createIncidentQueries(database.db),
      isDatabaseReady: async () => {
        await sql`select 1`.execute(database.db);
        return true;
      },
      metrics,
      auth: {
        alertmanagerToken: config.alertmanager.token,
        pagerdutySecrets: config.pagerduty.webhookSecrets,
      },
      logger,
      routes: response === null ? [] : [(app) => response.registerRoutes(app)],
    });
    if (response?.slack) await startSlackBackground(response.slack, config, logger, cleanups);

    const server = await listen(app, config.http.host, config.http.port);
    cleanups.push(() => closeServer(server.server));
    const url = `http://${formatHost(config.http.host)}:${server.port}`;
    logger.info("Vigil is listening", { url });

    return { url, app, db: database.db, pool: database.pool, boss, databaseUrl, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Socket Mode when configured, and the periodic redelivery of decisions a crash interrupted. */
async function startSlackBackground(
  slack: SlackIntegration,
  config: VigilConfig,
  logger: Logger,
  cleanups: Array<() => Promise<void>>,
): Promise<void> {
  if (config.slack?.mode === "socket") {
    const socket = await slack.startSocketMode();
    cleanups.push(() => socket.stop());
  }
  const redeliver = () =>
    slack.redeliverPendingDecisions().catch((error: unknown) => {
      logger.warn("redelivering Slack decisions failed", { error });
    });
  await redeliver();
  everyMinute(redeliver, cleanups);
}

/**
 * Finishes mitigations a stopped worker left in the middle of applying (see `resumeInterrupted`):
 * at start, then every minute, in processes that run investigations.
 */
function startMitigationRecovery(
  investigation: { resumeInterrupted(): Promise<number> },
  logger: Logger,
  cleanups: Array<() => Promise<void>>,
): void {
  const resume = () =>
    investigation.resumeInterrupted().then(
      (resumed) => {
        if (resumed > 0) logger.info("resumed interrupted mitigations", { resumed });
      },
      (error: unknown) => logger.warn("resuming interrupted mitigations failed", { error }),
    );
  void resume();
  everyMinute(resume, cleanups);
}

/** Runs `task` every minute until stopped; the timer does not keep the process alive. */
function everyMinute(task: () => Promise<unknown>, cleanups: Array<() => Promise<void>>): void {
  const timer = setInterval(() => void task(), 60_000);
  timer.unref();
  cleanups.push(async () => clearInterval(timer));
}

type NodeServer = ReturnType<typeof serve>;

async function listen(
  app: Hono<AppEnv>,
  hostname: string,
  port: number,
): Promise<{ server: NodeServer; port: number }> {
  return await new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname, port }, (info: AddressInfo) =>
      resolve({ server, port: info.port }),
    );
    server.once("error", reject);
  });
}

async function closeServer(server: NodeServer): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    // Keep-alive connections would otherwise hold close() open until they time out.
    if ("closeIdleConnections" in server) server.closeIdleConnections();
  });
}

function formatHost(host: string): string {
  if (host === "0.0.0.0" || host === "::") return "127.0.0.1";
  return host.includes(":") ? `[${host}]` : host;
}

function warnAboutOpenEndpoints(config: VigilConfig, logger: Logger): void {
  if (config.alertmanager.token === null) {
    logger.warn(
      "VIGIL_ALERTMANAGER_TOKEN is not set: /webhooks/alertmanager accepts unauthenticated requests",
    );
  }
  if (config.pagerduty.webhookSecrets.length === 0) {
    logger.warn("VIGIL_PAGERDUTY_WEBHOOK_SECRETS is not set: /webhooks/pagerduty accepts unsigned requests");
  }
}
