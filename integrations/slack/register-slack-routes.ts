import { App, LogLevel } from "@slack/bolt";
import type { Env, Hono } from "hono";
import type { Clock } from "../../src/ports/clock.ts";
import { createSlackAuthorize } from "./create-slack-authorize.ts";
import { createSlackWebClient, withTrailingSlash } from "./create-slack-web-client.ts";
import { HonoSlackReceiver } from "./hono-slack-receiver.ts";
import { registerSlackListeners, type SlackListenerDeps } from "./register-slack-listeners.ts";

export interface SlackRoutesDeps extends SlackListenerDeps {
  botToken: string;
  signingSecret: string;
  apiUrl?: string | null;
  clock: Clock;
  /** See HonoSlackReceiverOptions; tests answer after the listeners finished. */
  processBeforeResponse?: boolean;
}

export interface SlackRoutes {
  app: App;
  receiver: HonoSlackReceiver;
}

/**
 * `POST /slack/events`: Events API, slash commands and interactivity all arrive here (the manifest
 * points all three at it). Requests without a valid Slack signature get 401 and reach no listener.
 */
export function registerSlackRoutes<E extends Env>(app: Hono<E>, deps: SlackRoutesDeps): SlackRoutes {
  const receiver = new HonoSlackReceiver({
    signingSecret: deps.signingSecret,
    clock: deps.clock,
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...(deps.processBeforeResponse === undefined
      ? {}
      : { processBeforeResponse: deps.processBeforeResponse }),
  });
  const client = createSlackWebClient({ botToken: deps.botToken, apiUrl: deps.apiUrl ?? null });
  const bolt = new App({
    receiver,
    authorize: createSlackAuthorize(client, deps.botToken),
    clientOptions: deps.apiUrl ? { slackApiUrl: withTrailingSlash(deps.apiUrl) } : {},
    convoStore: false,
    logLevel: LogLevel.ERROR,
  });
  registerSlackListeners(bolt, deps);
  app.post("/slack/events", (c) => receiver.handle(c.req.raw));
  return { app: bolt, receiver };
}
