import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const MANIFEST = new URL("../../../integrations/slack/manifest.yaml", import.meta.url);

interface Manifest {
  features: { slash_commands: Array<{ command: string; url: string }> };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
  };
}

describe("the Slack app manifest", () => {
  const manifest = parse(readFileSync(MANIFEST, "utf8")) as Manifest;

  it("sends the slash command, events and interactivity to the one route Vigil serves", () => {
    const urls = [
      manifest.features.slash_commands[0]?.url,
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
    ];
    expect(urls.map((url) => new URL(url ?? "").pathname)).toEqual([
      "/slack/events",
      "/slack/events",
      "/slack/events",
    ]);
    expect(manifest.features.slash_commands.map((command) => command.command)).toEqual(["/vigil"]);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(["app_mention"]);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it("asks for exactly the scopes of the Web API methods Vigil calls", () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(
      ["app_mentions:read", "chat:write", "commands", "files:write", "usergroups:read"].sort(),
    );
  });
});
