import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { parse as parseQuery } from "node:querystring";

export interface RecordedCall {
  method: string;
  /** The arguments as Slack received them; JSON-encoded form fields (blocks) are parsed back. */
  args: Record<string, unknown>;
  token: string | null;
  /** What the fake answered. */
  result: Record<string, unknown>;
}

export interface RecordedUpload {
  fileId: string;
  bytes: Buffer;
}

export interface FakeSlackApi {
  /** The Web API base to give clients as `slackApiUrl`, e.g. `http://127.0.0.1:1234/api/`. */
  apiUrl: string;
  calls: RecordedCall[];
  uploads: RecordedUpload[];
  callsTo(method: string): RecordedCall[];
  /** Members of a user group, as usergroups.users.list answers them. */
  setGroup(groupId: string, users: string[]): void;
  /** The next `count` calls of `method` answer `{ ok: false, error }`. */
  failNext(method: string, error: string, count?: number): void;
  close(): Promise<void>;
}

export const FAKE_BOT = { userId: "UVIGILBOT", botId: "BVIGIL", teamId: "T0VIGIL" };

/**
 * A loopback Slack Web API: the real @slack/web-api and Bolt clients talk to it through their
 * `slackApiUrl` option. It answers the methods Vigil uses the way Slack does (always HTTP 200,
 * `ok: false` with an error code on failure), checks the bot token, and records every call.
 */
export async function startFakeSlackApi({ token = "xoxb-test-token" } = {}): Promise<FakeSlackApi> {
  const calls: RecordedCall[] = [];
  const uploads: RecordedUpload[] = [];
  const groups = new Map<string, string[]>();
  const failures = new Map<string, { error: string; count: number }>();
  const pendingFiles = new Map<string, { filename: string; bytes: Buffer | null }>();
  let sequence = 0;
  let base = "";

  const nextTs = () =>
    `1726598${String(100_000 + ++sequence).padStart(6, "0")}.000${String(sequence).padStart(3, "0")}`;

  const answer = (method: string, args: Record<string, unknown>): Record<string, unknown> => {
    const failure = failures.get(method);
    if (failure !== undefined && failure.count > 0) {
      failure.count--;
      return { ok: false, error: failure.error };
    }
    switch (method) {
      case "auth.test":
        return {
          ok: true,
          url: "https://vigil-test.slack.com/",
          team: "vigil-test",
          user: "vigil",
          team_id: FAKE_BOT.teamId,
          user_id: FAKE_BOT.userId,
          bot_id: FAKE_BOT.botId,
        };
      case "chat.postMessage": {
        if (typeof args.channel !== "string") return { ok: false, error: "channel_not_found" };
        const ts = nextTs();
        const channel = args.channel.startsWith("#")
          ? `C${args.channel
              .slice(1)
              .toUpperCase()
              .replace(/[^A-Z0-9]/g, "")}`
          : args.channel;
        return {
          ok: true,
          channel,
          ts,
          message: { type: "message", text: args.text, ts, bot_id: FAKE_BOT.botId },
        };
      }
      case "chat.update":
        if (typeof args.ts !== "string") return { ok: false, error: "message_not_found" };
        return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
      case "chat.postEphemeral":
        return { ok: true, message_ts: nextTs() };
      case "files.getUploadURLExternal": {
        const fileId = `F${String(++sequence).padStart(10, "0")}`;
        pendingFiles.set(fileId, { filename: String(args.filename), bytes: null });
        return { ok: true, upload_url: `${base}/upload/${fileId}`, file_id: fileId };
      }
      case "files.completeUploadExternal": {
        const files = (args.files as Array<{ id: string; title?: string }>) ?? [];
        if (files.some((file) => pendingFiles.get(file.id)?.bytes == null))
          return { ok: false, error: "file_not_found" };
        return { ok: true, files: files.map((file) => ({ id: file.id, title: file.title ?? "" })) };
      }
      case "usergroups.users.list": {
        const users = groups.get(String(args.usergroup));
        return users === undefined ? { ok: false, error: "no_such_subteam" } : { ok: true, users };
      }
      default:
        return { ok: false, error: "unknown_method" };
    }
  };

  const server: Server = createServer(async (request, response) => {
    const body = await readBody(request);
    const url = new URL(request.url ?? "/", base);
    if (url.pathname.startsWith("/upload/")) {
      const fileId = url.pathname.slice("/upload/".length);
      const pending = pendingFiles.get(fileId);
      const bytes = await uploadedBytes(request, body);
      if (pending === undefined || bytes === null) {
        response.writeHead(404).end();
        return;
      }
      pending.bytes = bytes;
      uploads.push({ fileId, bytes });
      response.writeHead(200, { "content-type": "text/plain" }).end(`OK - ${bytes.length}`);
      return;
    }
    const method = url.pathname.replace(/^\/api\//, "");
    const args = parseArgs(request.headers["content-type"] ?? "", body);
    const authorization = request.headers.authorization;
    const sent = authorization?.startsWith("Bearer ")
      ? authorization.slice(7)
      : ((args.token as string | undefined) ?? null);
    const result = sent === token ? answer(method, args) : { ok: false, error: "invalid_auth" };
    calls.push({ method, args, token: sent, result });
    response
      .writeHead(200, { "content-type": "application/json; charset=utf-8" })
      .end(JSON.stringify(result));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiUrl: `${base}/api/`,
    calls,
    uploads,
    callsTo: (method) => calls.filter((call) => call.method === method),
    setGroup: (groupId, users) => groups.set(groupId, users),
    failNext: (method, error, count = 1) => failures.set(method, { error, count }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Slack's upload URL takes the raw bytes or a multipart form (what @slack/web-api sends). */
async function uploadedBytes(request: IncomingMessage, body: Buffer): Promise<Buffer | null> {
  const type = request.headers["content-type"] ?? "";
  if (!type.startsWith("multipart/form-data")) return body;
  const form = await new Response(body, { headers: { "content-type": type } }).formData();
  for (const value of form.values()) {
    if (typeof value !== "string") return Buffer.from(await value.arrayBuffer());
  }
  return null;
}

function parseArgs(contentType: string, body: Buffer): Record<string, unknown> {
  const text = body.toString("utf8");
  if (contentType.startsWith("application/json")) return JSON.parse(text || "{}") as Record<string, unknown>;
  const form = parseQuery(text);
  const args: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(form)) {
    // The client JSON-encodes arrays and objects (blocks, files) inside form fields.
    args[key] = typeof value === "string" && /^[[{]/.test(value) ? tryJson(value) : value;
  }
  return args;
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

// ---------- what Slack sends to Vigil ----------

/** Slack's request signing: `v0=` + HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret. */
export function slackSignatureHeaders(
  body: string,
  secret: string,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const signature = createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex");
  return { "x-slack-request-timestamp": String(timestamp), "x-slack-signature": `v0=${signature}` };
}

/** A button click on a card, form-encoded as `payload=<json>` exactly as Slack posts interactivity. */
export function buttonClickBody(click: {
  userId: string;
  actionId: string;
  blockId: string;
  value?: string;
  channel: string;
  messageTs: string;
}): { body: string; contentType: string } {
  const payload = {
    type: "block_actions",
    user: {
      id: click.userId,
      username: click.userId.toLowerCase(),
      name: click.userId.toLowerCase(),
      team_id: FAKE_BOT.teamId,
    },
    api_app_id: "A0VIGIL",
    token: "legacy-verification-token",
    container: {
      type: "message",
      message_ts: click.messageTs,
      channel_id: click.channel,
      is_ephemeral: false,
    },
    trigger_id: "1111.2222.abcd",
    team: { id: FAKE_BOT.teamId, domain: "vigil-test" },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: click.channel, name: "incidents" },
    message: { type: "message", ts: click.messageTs, bot_id: FAKE_BOT.botId, text: "card" },
    state: { values: {} },
    response_url: `https://hooks.slack.com/actions/${FAKE_BOT.teamId}/1/abc`,
    actions: [
      {
        action_id: click.actionId,
        block_id: click.blockId,
        text: { type: "plain_text", text: click.actionId, emoji: true },
        ...(click.value === undefined ? {} : { value: click.value }),
        type: "button",
        action_ts: "1726598000.123456",
      },
    ],
  };
  return {
    body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    contentType: "application/x-www-form-urlencoded",
  };
}

/** A slash command, form-encoded as Slack posts it. */
export function slashCommandBody(command: { userId: string; text: string; channel: string }): {
  body: string;
  contentType: string;
} {
  return {
    body: new URLSearchParams({
      token: "legacy-verification-token",
      team_id: FAKE_BOT.teamId,
      team_domain: "vigil-test",
      channel_id: command.channel,
      channel_name: "incidents",
      user_id: command.userId,
      user_name: command.userId.toLowerCase(),
      command: "/vigil",
      text: command.text,
      api_app_id: "A0VIGIL",
      is_enterprise_install: "false",
      response_url: `https://hooks.slack.com/commands/${FAKE_BOT.teamId}/1/abc`,
      trigger_id: "1111.2222.abcd",
    }).toString(),
    contentType: "application/x-www-form-urlencoded",
  };
}

/** An Events API `app_mention` callback, JSON as Slack posts it. */
export function mentionEventBody(mention: {
  userId: string;
  text: string;
  channel: string;
  ts: string;
  eventId: string;
}): {
  body: string;
  contentType: string;
} {
  return {
    body: JSON.stringify({
      token: "legacy-verification-token",
      team_id: FAKE_BOT.teamId,
      api_app_id: "A0VIGIL",
      event: {
        type: "app_mention",
        user: mention.userId,
        text: mention.text,
        ts: mention.ts,
        channel: mention.channel,
        event_ts: mention.ts,
      },
      type: "event_callback",
      event_id: mention.eventId,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [
        { team_id: FAKE_BOT.teamId, user_id: FAKE_BOT.userId, is_bot: true, is_enterprise_install: false },
      ],
      is_ext_shared_channel: false,
    }),
    contentType: "application/json",
  };
}
