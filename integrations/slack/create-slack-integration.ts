import type { Env, Hono } from "hono";
import type { Kysely } from "kysely";
import type { ApproverPolicy } from "../../src/approval/approval-rules.ts";
import { createApprovalStore } from "../../src/approval/approval-store.ts";
import { type ApprovalService, createApprovalService } from "../../src/approval/create-approval-service.ts";
import type { ServiceCatalogEntry } from "../../src/config/file-schema.ts";
import type { SlackSettings } from "../../src/config/sections/slack-section.ts";
import type { MitigationDecision, MitigationStatus } from "../../src/domain/mitigation-plan.ts";
import { createSlackIncidentLookup } from "../../src/notify/slack-incident-lookup.ts";
import type { Clock } from "../../src/ports/clock.ts";
import type { Database } from "../../src/store/database.ts";
import { type Logger, silentLogger } from "../../src/telemetry/create-logger.ts";
import { createSlackApproverDirectory } from "./create-slack-approver-directory.ts";
import { createSlackNotifier, type SlackNotifier } from "./create-slack-notifier.ts";
import { createSlackWebClient } from "./create-slack-web-client.ts";
import type { SlackListenerDeps } from "./register-slack-listeners.ts";
import { registerSlackRoutes, type SlackRoutes } from "./register-slack-routes.ts";
import type { RenderSignalChartOptions } from "./render-signal-chart.ts";
import { createSlackCardStore } from "./slack-card-store.ts";
import { startSlackSocketMode } from "./start-slack-socket-mode.ts";

export interface SlackIntegrationDeps {
  settings: SlackSettings;
  db: Kysely<Database>;
  /** vigil.yaml `services[]`: routes match a service's team. */
  services: readonly ServiceCatalogEntry[];
  /** vigil.yaml `policy.approvers`. */
  approvers: ApproverPolicy;
  mitigationOf: (incidentId: string) => Promise<MitigationStatus | null>;
  onDecision: (decision: MitigationDecision) => Promise<void>;
  onUndo: (incidentId: string, userId: string) => Promise<void>;
  clock: Clock;
  logger?: Logger;
  chart?: RenderSignalChartOptions;
}

export interface SlackIntegration {
  notifier: SlackNotifier;
  approvals: ApprovalService;
  /** http mode: mounts POST /slack/events on the app. */
  registerRoutes<E extends Env>(app: Hono<E>, options?: { processBeforeResponse?: boolean }): SlackRoutes;
  /** socket mode: connects to Slack with the app token. */
  startSocketMode(): Promise<{ stop(): Promise<void> }>;
  /** Decisions and undo requests stored but not yet delivered (a crash in between); run at start and periodically. */
  redeliverPendingDecisions(options?: {
    olderThanMs?: number;
  }): Promise<{ decisions: number; undos: number }>;
}

/** Everything Slack in one place, built from the settings and the injected mitigation functions. */
export function createSlackIntegration(deps: SlackIntegrationDeps): SlackIntegration {
  const { settings, db } = deps;
  const logger = deps.logger ?? silentLogger;
  const client = createSlackWebClient({ botToken: settings.botToken, apiUrl: settings.apiUrl });
  const store = createApprovalStore(db);
  const lookup = createSlackIncidentLookup(db);
  const approvals = createApprovalService({
    store,
    policy: deps.approvers,
    directory: createSlackApproverDirectory({ client, clock: deps.clock }),
    mitigationOf: deps.mitigationOf,
    onDecision: deps.onDecision,
    onUndo: deps.onUndo,
    clock: deps.clock,
    logger,
  });
  const teams = new Map(
    deps.services.flatMap((service) => (service.team ? [[service.name, service.team]] : [])),
  );
  const notifier = createSlackNotifier({
    client,
    cards: createSlackCardStore(db),
    lookup,
    mitigationOf: deps.mitigationOf,
    decisions: store,
    publicUrl: settings.publicUrl,
    routing: {
      routes: settings.routes,
      defaultChannel: settings.defaultChannel,
      teamOf: (name) => teams.get(name),
    },
    logger,
    ...(deps.chart ? { chart: deps.chart } : {}),
  });
  const listenerDeps: SlackListenerDeps = {
    approvals,
    refreshCard: (incidentId) => notifier.refreshCard(incidentId),
    lookup,
    firstDelivery: async (eventId) => {
      const inserted = await db
        .insertInto("slack_event_receipts")
        .values({ event_id: eventId })
        .onConflict((conflict) => conflict.column("event_id").doNothing())
        .returning("event_id")
        .executeTakeFirst();
      return inserted !== undefined;
    },
    publicUrl: settings.publicUrl,
    logger,
  };

  return {
    notifier,
    approvals,
    registerRoutes(app, options = {}) {
      if (settings.signingSecret === null) throw new Error("Slack http mode needs SLACK_SIGNING_SECRET");
      return registerSlackRoutes(app, {
        ...listenerDeps,
        botToken: settings.botToken,
        signingSecret: settings.signingSecret,
        apiUrl: settings.apiUrl,
        clock: deps.clock,
        ...options,
      });
    },
    async startSocketMode() {
      if (settings.appToken === null) throw new Error("Slack socket mode needs SLACK_APP_TOKEN");
      return await startSlackSocketMode({
        ...listenerDeps,
        botToken: settings.botToken,
        appToken: settings.appToken,
        apiUrl: settings.apiUrl,
      });
    },
    redeliverPendingDecisions: (options) => approvals.redeliverPending(options),
  };
}
