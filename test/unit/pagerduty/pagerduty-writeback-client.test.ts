import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createPagerdutyWritebackClient,
  MAX_NOTE_CHARS,
  type RetryPolicy,
} from "../../../integrations/pagerduty/pagerduty-writeback-client.ts";
import { type FakePagerdutyApi, startFakePagerdutyApi } from "../../support/fake-pagerduty-api.ts";

const TOKEN = "u+pdtoken-client-test-9f3e";
const FROM = "oncall@example.com";
const FAST: RetryPolicy = { attempts: 3, baseDelayMs: 5, maxDelayMs: 40 };

let api: FakePagerdutyApi;
let waits: number[];

beforeEach(async () => {
  api = await startFakePagerdutyApi({ token: TOKEN, users: [FROM] });
  api.addIncident("Q1NOTES");
  waits = [];
});
afterEach(async () => {
  await api.close();
});

function client({ token = TOKEN, fromEmail = FROM as string | null, retry = FAST } = {}) {
  return createPagerdutyWritebackClient({
    token,
    apiUrl: api.url,
    fromEmail,
    retry,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
}

describe("the PagerDuty write-back client (pdjs against a loopback REST API)", () => {
  it("adds a note with the token, the v2 Accept header and the From header, and returns the note id", async () => {
    const result = await client().addNote("Q1NOTES", "Vigil: checking");

    expect(result).toEqual({ ok: true, value: { noteId: expect.stringMatching(/^P/) }, attempts: 1 });
    expect(api.notes("Q1NOTES")).toEqual([
      { id: result.ok ? result.value.noteId : "", content: "Vigil: checking", userEmail: FROM },
    ]);
    expect(api.calls).toHaveLength(1);
    expect(api.calls[0]).toMatchObject({
      method: "POST",
      path: "/incidents/Q1NOTES/notes",
      headers: {
        authorization: `Token token=${TOKEN}`,
        accept: "application/vnd.pagerduty+json;version=2",
        from: FROM,
        "content-type": "application/json; charset=utf-8",
      },
      body: { note: { content: "Vigil: checking" } },
    });
  });

  it("reads an incident without a From header and acknowledges it with one", async () => {
    const read = await client().getIncident("Q1NOTES");
    expect(read).toEqual({ ok: true, value: { id: "Q1NOTES", status: "triggered" }, attempts: 1 });
    expect(api.calls[0]?.headers.from).toBeUndefined();

    const acknowledged = await client().acknowledge("Q1NOTES");
    expect(acknowledged).toEqual({ ok: true, value: { id: "Q1NOTES", status: "acknowledged" }, attempts: 1 });
    expect(api.calls[1]).toMatchObject({
      method: "PUT",
      path: "/incidents/Q1NOTES",
      headers: { from: FROM },
      body: { incident: { type: "incident_reference", status: "acknowledged" } },
    });
    expect(api.incidentStatus("Q1NOTES")).toBe("acknowledged");
  });

  it("retries a 500 with exponential backoff and succeeds on the next try", async () => {
    api.failNext({ status: 500 }, { status: 503 });

    const result = await client().addNote("Q1NOTES", "after two failures");

    expect(result.ok && result.attempts).toBe(3);
    expect(waits).toEqual([5, 10]);
    expect(api.notes("Q1NOTES").map((note) => note.content)).toEqual(["after two failures"]);
  });

  it("waits as long as Retry-After asks (capped) before retrying a 429", async () => {
    // pdjs itself retries a 429 three times; the fourth one reaches our own retry.
    const limited = { status: 429, headers: { "retry-after": "0.02" } };
    api.failNext(limited, limited, limited, limited);

    const result = await client().addNote("Q1NOTES", "rate limited first");

    expect(result).toMatchObject({ ok: true, attempts: 2 });
    expect(api.calls).toHaveLength(5);
    expect(waits).toEqual([20]);
  });

  it("gives up after the configured attempts and reports the last status and PagerDuty's error", async () => {
    api.failNext({ status: 500 }, { status: 500 }, { status: 500 });

    const result = await client().addNote("Q1NOTES", "never lands");

    expect(result).toEqual({
      ok: false,
      status: 500,
      code: 2000,
      message: "Internal Server Error",
      attempts: 3,
    });
    expect(api.notes("Q1NOTES")).toEqual([]);
  });

  it("does not retry a 401 or a 404: they are final answers", async () => {
    const unauthorized = await client({ token: "wrong-token" }).addNote("Q1NOTES", "x");
    expect(unauthorized).toEqual({
      ok: false,
      status: 401,
      code: 2006,
      message: "Unauthorized",
      attempts: 1,
    });

    const missing = await client().addNote("QNOSUCH", "x");
    expect(missing).toEqual({ ok: false, status: 404, code: 2100, message: "Not Found", attempts: 1 });
    expect(api.calls).toHaveLength(2);
    expect(waits).toEqual([]);
  });

  it("reports PagerDuty's detail when a write has no valid From header", async () => {
    const result = await client({ fromEmail: null }).addNote("Q1NOTES", "x");

    expect(result).toMatchObject({
      ok: false,
      status: 400,
      code: 2001,
      message: "Invalid Input Provided: Requester User Not Found",
    });
  });

  it("treats a non-JSON 502 from a proxy as retryable and keeps going", async () => {
    api.failNext({ status: 502, body: "<html>Bad Gateway</html>", headers: { "content-type": "text/html" } });

    const result = await client().addNote("Q1NOTES", "behind a proxy");

    expect(result).toMatchObject({ ok: true, attempts: 2 });
  });

  it("retries when nothing answers and reports the connection failure without the token", async () => {
    const url = api.url;
    await api.close();
    const unreachable = createPagerdutyWritebackClient({
      token: TOKEN,
      apiUrl: url,
      fromEmail: FROM,
      retry: FAST,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });

    const result = await unreachable.addNote("Q1NOTES", "x");

    expect(result).toMatchObject({ ok: false, status: null, code: null, attempts: 3 });
    expect(result.ok ? "" : result.message).toMatch(/ECONNREFUSED/);
    expect(result.ok ? "" : result.message).not.toContain(TOKEN);
    api = await startFakePagerdutyApi({ token: TOKEN });
  });

  it("abandons a request that gets no answer within the timeout and retries it", async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const hanging = createPagerdutyWritebackClient({
        token: TOKEN,
        apiUrl: `http://127.0.0.1:${port}`,
        fromEmail: FROM,
        retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
        requestTimeoutMs: 100,
      });

      const result = await hanging.addNote("Q1NOTES", "x");

      expect(result).toMatchObject({ ok: false, status: null, attempts: 2 });
      expect(result.ok ? "" : result.message).toMatch(/abort/i);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("never echoes the token, even when an answer quotes it back", async () => {
    api.failNext({
      status: 400,
      body: { error: { message: `bad header Token token=${TOKEN}`, code: 2001 } },
    });

    const result = await client().addNote("Q1NOTES", "x");

    expect(result).toMatchObject({ ok: false, status: 400, message: "bad header Token token=[redacted]" });
  });

  it("cuts a note longer than PagerDuty accepts", async () => {
    const result = await client().addNote("Q1NOTES", "x".repeat(MAX_NOTE_CHARS + 100));

    expect(result.ok).toBe(true);
    expect(api.notes("Q1NOTES")[0]?.content).toHaveLength(MAX_NOTE_CHARS);
  });
});
