import type { Hono } from "hono";
import type { Kysely } from "kysely";
import type pg from "pg";
import { createChatModel } from "../../integrations/models/create-chat-model.ts";
import { createPagerdutyNotifier } from "../../integrations/pagerduty/create-pagerduty-notifier.ts";
import {
  createSlackIntegration,
  type SlackIntegration,
} from "../../integrations/slack/create-slack-integration.ts";
import { createInvestigation, type InvestigationContext } from "../agent/create-investigation.ts";
import { createModelReasoner } from "../agent/reasoning/create-model-reasoner.ts";
import { loadRunbooks } from "../agent/runbooks/load-runbooks.ts";
import { NO_APPROVERS } from "../approval/approval-rules.ts";
import type { VigilConfig } from "../config/index.ts";
import type { AppEnv } from "../http/app-env.ts";
import { registerMitigationRoutes } from "../http/register-mitigation-routes.ts";
import { toMitigationPolicy } from "../mitigation/mitigation-policy.ts";
import { systemClock } from "../ports/clock.ts";
import { fanOutNotifiers, type IncidentNotifier } from "../ports/incident-notifier.ts";
import { createCheckpointer } from "../store/create-checkpointer.ts";
import { createInvestigationRepository } from "../store/create-investigation-repository.ts";
import { createMitigationStore } from "../store/create-mitigation-store.ts";
import type { Database } from "../store/database.ts";
import { createModelUsageRecorder } from "../store/record-model-usage.ts";
import type { Logger } from "../telemetry/create-logger.ts";
import { createMitigationDeps } from "./create-mitigation-deps.ts";

/** Shipped runbooks, next to `src/` wherever Vigil is installed. */
const RUNBOOKS_DIR = new URL("../../runbooks/", import.meta.url).pathname;

const nobody = { users: [], groups: [] };
const NO_API_APPROVERS = { low: nobody, medium: nobody, high: nobody };

export type Investigation = ReturnType<typeof createInvestigation>;

export interface IncidentResponse {
  investigation: Investigation;
  /** Present when Slack is configured (SLACK_BOT_TOKEN). */
  slack: SlackIntegration | null;
  /** The mitigation API and, in http mode, Slack's endpoint. */
  registerRoutes(app: Hono<AppEnv>): void;
}

/**
 * Everything after ingest, from configuration: the investigation graph (with the model reasoner when
 * `model:` is configured), the mitigation executor, and the people it tells and asks (Slack,
 * PagerDuty). Slack and the investigation need each other (cards read plans; clicks resume the
 * graph), so Slack reaches the investigation through a late-bound reference.
 */
export async function createIncidentResponse({
  config,
  database,
  contextFor,
  logger,
}: {
  config: VigilConfig;
  database: { db: Kysely<Database>; pool: pg.Pool };
  contextFor: (incidentId: string) => InvestigationContext | Promise<InvestigationContext>;
  logger: Logger;
}): Promise<IncidentResponse> {
  let investigation: Investigation | null = null;
  const ready = () => {
    if (investigation === null) throw new Error("the investigation is not started yet");
    return investigation;
  };
  const slack =
    config.slack === null
      ? null
      : createSlackIntegration({
          settings: config.slack,
          db: database.db,
          services: config.services,
          approvers: config.policy?.approvers ?? NO_APPROVERS,
          mitigationOf: async (incidentId) => (investigation ? investigation.mitigationOf(incidentId) : null),
          onDecision: async (decision) => {
            await ready().decide(decision);
          },
          onUndo: async (incidentId, userId) => {
            await ready().undo(incidentId, userId);
          },
          clock: systemClock,
          logger,
        });
  const notifiers: IncidentNotifier[] = [];
  if (slack) notifiers.push(slack.notifier);
  if (config.pagerdutyApi !== null) {
    notifiers.push(createPagerdutyNotifier({ db: database.db, settings: config.pagerdutyApi, logger }));
  }
  const reason =
    config.model === null
      ? undefined
      : createModelReasoner({
          model: createChatModel(config.model, { warn: (message, fields) => logger.warn(message, fields) }),
          limits: config.model.limits,
          usage: createModelUsageRecorder(database.db),
          logger,
        });
  const mitigationStore = createMitigationStore(database.db);
  investigation = createInvestigation({
    repository: createInvestigationRepository(database.db),
    checkpointer: await createCheckpointer(database.pool),
    contextFor,
    runbooks: await loadRunbooks(RUNBOOKS_DIR),
    policy: toMitigationPolicy(config.policy),
    clock: systemClock,
    deadlineMs: config.investigator.timeoutMs,
    notifier: fanOutNotifiers(notifiers),
    mitigation: createMitigationDeps(config, mitigationStore),
    ...(reason ? { reason } : {}),
  });
  const started = investigation;

  return {
    investigation: started,
    slack,
    registerRoutes(app) {
      registerMitigationRoutes(app, {
        apiTokens: config.policy?.apiTokens ?? {},
        approvers: config.policy?.approvers ?? NO_API_APPROVERS,
        incidentExists: (incidentId) => mitigationStore.incidentExists(incidentId),
        mitigationOf: started.mitigationOf,
        undo: started.undo,
        decide: started.decide,
        clock: systemClock,
        logger,
      });
      if (slack && config.slack?.mode === "http") slack.registerRoutes(app);
    },
  };
}
