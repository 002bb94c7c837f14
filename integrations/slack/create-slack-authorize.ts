import type { AuthorizeResult } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";

/**
 * Bolt's `authorize` for a single-workspace install: the bot token, and who the bot is (auth.test,
 * asked once and kept; asked again only after a failure). Unlike Bolt's built-in token option it
 * neither calls Slack at construction nor on every event.
 */
export function createSlackAuthorize(client: WebClient, botToken: string): () => Promise<AuthorizeResult> {
  let identity: Promise<AuthorizeResult> | null = null;
  return async () => {
    identity ??= client.auth.test().then((result) => ({
      botToken,
      ...(result.bot_id ? { botId: result.bot_id } : {}),
      ...(result.user_id ? { botUserId: result.user_id } : {}),
      ...(result.team_id ? { teamId: result.team_id } : {}),
    }));
    try {
      return await identity;
    } catch (error) {
      identity = null;
      throw error;
    }
  };
}
