import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { slackSignatureHeaders } from "../support/fake-slack-api.ts";
import { startTestVigil, type TestVigil } from "../support/start-test-vigil.ts";

const SIGNING_SECRET = "wiring-signing-secret";

// startVigil as `vigil serve` builds it from configuration: the Slack endpoint and the mitigation
// API must be mounted when their settings are present (each feature has its own tests; this one
// checks that main wires them).
describe("vigil serve with Slack and API tokens configured", () => {
  let vigil: TestVigil;

  beforeAll(async () => {
    vigil = await startTestVigil({
      env: {
        SLACK_BOT_TOKEN: "xoxb-wiring",
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        VIGIL_API_TOKENS: "ops:api-token-1",
      },
    });
  }, 120_000);

  afterAll(async () => {
    await vigil?.stop();
  });

  it("mounts /slack/events behind Slack's signature check", async () => {
    const body = JSON.stringify({ type: "url_verification", challenge: "c-123" });
    const unsigned = await fetch(`${vigil.url}/slack/events`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(unsigned.status).toBe(401);

    const signed = await fetch(`${vigil.url}/slack/events`, {
      method: "POST",
      headers: { "content-type": "application/json", ...slackSignatureHeaders(body, SIGNING_SECRET) },
      body,
    });
    expect(signed.status).toBe(200);
    expect(await signed.json()).toEqual({ challenge: "c-123" });
  });

  it("mounts the mitigation API with its token check", async () => {
    const incident = randomUUID();
    const noToken = await fetch(`${vigil.url}/api/incidents/${incident}/undo`, { method: "POST" });
    expect(noToken.status).toBe(401);

    const unknown = await fetch(`${vigil.url}/api/incidents/${incident}/undo`, {
      method: "POST",
      headers: { authorization: "Bearer api-token-1" },
    });
    expect(unknown.status).toBe(404);

    const status = await fetch(`${vigil.url}/api/incidents/${incident}/mitigation`);
    expect(status.status).toBe(404);
  });
});
