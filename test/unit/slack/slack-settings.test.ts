import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/config/config-error.ts";
import { resolveSlackSettings, slackFileSchema } from "../../../src/config/sections/slack-section.ts";

const file = slackFileSchema.parse({
  publicUrl: "https://vigil.example.com/",
  defaultChannel: "C0INCIDENTS",
  routes: [{ match: { team: "shop" }, channel: "C0SHOP" }],
});

describe("Slack settings", () => {
  it("are off without a bot token", () => {
    expect(resolveSlackSettings(file, { SLACK_SIGNING_SECRET: "s" })).toBeNull();
  });

  it("default to http mode with the signing secret, and trim the public URL's slash", () => {
    expect(resolveSlackSettings(file, { SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" })).toEqual({
      mode: "http",
      botToken: "xoxb-1",
      signingSecret: "s",
      appToken: null,
      publicUrl: "https://vigil.example.com",
      apiUrl: null,
      defaultChannel: "C0INCIDENTS",
      routes: [{ match: { team: "shop" }, channel: "C0SHOP" }],
    });
  });

  it("refuse http mode without a signing secret and socket mode without an app token", () => {
    expect(() => resolveSlackSettings(file, { SLACK_BOT_TOKEN: "xoxb-1" })).toThrow(ConfigError);
    const socket = slackFileSchema.parse({ mode: "socket" });
    expect(() =>
      resolveSlackSettings(socket, { SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" }),
    ).toThrow(/SLACK_APP_TOKEN/);
    expect(resolveSlackSettings(socket, { SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" })?.mode).toBe(
      "socket",
    );
  });

  it("reject a misspelt route key instead of matching every incident", () => {
    expect(
      slackFileSchema.safeParse({ routes: [{ match: { sevrity: "critical" }, channel: "C1" }] }).success,
    ).toBe(false);
  });
});
