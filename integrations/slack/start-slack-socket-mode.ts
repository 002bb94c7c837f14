import { App, LogLevel } from "@slack/bolt";
import { createSlackAuthorize } from "./create-slack-authorize.ts";
import { createSlackWebClient, withTrailingSlash } from "./create-slack-web-client.ts";
import { registerSlackListeners, type SlackListenerDeps } from "./register-slack-listeners.ts";

export interface SlackSocketModeDeps extends SlackListenerDeps {
  botToken: string;
  /** xapp-… app-level token with `connections:write`. */
  appToken: string;
  apiUrl?: string | null;
}

/**
 * The same listeners over Socket Mode: Vigil dials out to Slack, so installs without a public URL
 * still get buttons, commands and mentions. Slack signs nothing here; the app token authenticates
 * the connection instead.
 */
export function createSlackSocketModeApp(deps: SlackSocketModeDeps): App {
  const client = createSlackWebClient({ botToken: deps.botToken, apiUrl: deps.apiUrl ?? null });
  const app = new App({
    socketMode: true,
    appToken: deps.appToken,
    authorize: createSlackAuthorize(client, deps.botToken),
    clientOptions: deps.apiUrl ? { slackApiUrl: withTrailingSlash(deps.apiUrl) } : {},
    convoStore: false,
    logLevel: LogLevel.ERROR,
  });
  registerSlackListeners(app, deps);
  return app;
}

/** Connects; `stop()` closes the socket. */
export async function startSlackSocketMode(deps: SlackSocketModeDeps): Promise<{ stop(): Promise<void> }> {
  const app = createSlackSocketModeApp(deps);
  await app.start();
  return {
    async stop() {
      await app.stop();
    },
  };
}
