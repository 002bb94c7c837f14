import { SocketModeReceiver } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSlackSocketModeApp } from "../../../integrations/slack/start-slack-socket-mode.ts";
import type { SlackIncidentLookup } from "../../../src/notify/slack-incident-lookup.ts";
import { type FakeSlackApi, startFakeSlackApi } from "../../support/fake-slack-api.ts";

const nothingStored: SlackIncidentLookup = {
  get: async () => null,
  find: async () => null,
  open: async () => [],
  latestForService: async () => null,
  knownServices: async () => [],
};

describe("Socket Mode", () => {
  let slack: FakeSlackApi;
  beforeAll(async () => {
    slack = await startFakeSlackApi();
  });
  afterAll(async () => {
    await slack.close();
  });

  it("builds a Bolt app on a Socket Mode receiver without calling Slack until it starts", () => {
    const app = createSlackSocketModeApp({
      botToken: "xoxb-test-token",
      appToken: "xapp-1-test",
      apiUrl: slack.apiUrl,
      approvals: {
        approve: async () => ({ kind: "stale", reason: "test" }),
        reject: async () => ({ kind: "stale", reason: "test" }),
        requestUndo: async () => ({ kind: "stale", reason: "test" }),
        approvalsOf: async () => [],
        redeliverPending: async () => ({ decisions: 0, undos: 0 }),
      },
      refreshCard: async () => {},
      lookup: nothingStored,
      firstDelivery: async () => true,
      publicUrl: null,
    });
    expect((app as unknown as { receiver: unknown }).receiver).toBeInstanceOf(SocketModeReceiver);
    expect(slack.calls).toEqual([]);
  });
});
