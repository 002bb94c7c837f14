import { parse as parseQuery } from "node:querystring";
import { type App, type Receiver, type ReceiverEvent, verifySlackRequest } from "@slack/bolt";
import type { Clock } from "../../src/ports/clock.ts";
import { type Logger, silentLogger } from "../../src/telemetry/create-logger.ts";

export interface HonoSlackReceiverOptions {
  signingSecret: string;
  clock: Clock;
  logger?: Logger;
  /**
   * true: answer only after the listeners finished (tests, and hosts that freeze after the
   * response). false: answer as soon as a listener acks, within Slack's 3 seconds, and go on.
   */
  processBeforeResponse?: boolean;
  maxBodyBytes?: number;
}

const FIVE_MINUTES_S = 5 * 60;

/**
 * A Bolt receiver driven by Hono: each POST /slack/events request is verified with Bolt's own
 * signature check (v0 HMAC of `v0:{ts}:{body}` with the signing secret, 5-minute window), parsed as
 * Slack sends it (JSON events, form-encoded commands, form-encoded `payload=` interactions) and
 * handed to the Bolt app; the response carries what the listener acked.
 */
export class HonoSlackReceiver implements Receiver {
  private app: App | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly logger: Logger;

  constructor(private readonly options: HonoSlackReceiverOptions) {
    this.logger = options.logger ?? silentLogger;
  }

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {
    await this.idle();
  }

  /** Resolves when every request's listeners have finished (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async handle(request: Request): Promise<Response> {
    const limit = this.options.maxBodyBytes ?? 1024 * 1024;
    if (Number(request.headers.get("content-length") ?? 0) > limit) return new Response("", { status: 413 });
    const raw = await request.text();
    if (Buffer.byteLength(raw) > limit) return new Response("", { status: 413 });
    if (!this.verified(request.headers, raw)) return new Response("", { status: 401 });

    const body = parseBody(raw, request.headers.get("content-type") ?? "");
    if (body === null) return new Response("", { status: 400 });
    if (body.ssl_check !== undefined) return new Response("", { status: 200 });
    if (body.type === "url_verification") return Response.json({ challenge: body.challenge });
    if (this.app === undefined) throw new Error("HonoSlackReceiver used before a Bolt App was built with it");
    return await this.dispatch(this.app, body, request.headers);
  }

  private verified(headers: Headers, raw: string): boolean {
    const timestamp = Number(headers.get("x-slack-request-timestamp"));
    const nowMs = this.options.clock.now().getTime();
    // Bolt refuses old timestamps; a timestamp far in the future is as suspect, so refuse that too.
    if (!Number.isFinite(timestamp) || timestamp > nowMs / 1000 + FIVE_MINUTES_S) return false;
    try {
      verifySlackRequest({
        signingSecret: this.options.signingSecret,
        body: raw,
        headers: {
          "x-slack-signature": headers.get("x-slack-signature") ?? "",
          "x-slack-request-timestamp": timestamp,
        },
        nowMilliseconds: nowMs,
      });
      return true;
    } catch (error) {
      this.logger.warn("refused a Slack request", {
        reason: error instanceof Error ? error.message : String(error),
      });
      return false;
    }
  }

  private async dispatch(app: App, body: Record<string, unknown>, headers: Headers): Promise<Response> {
    let acked: (response: unknown) => void = () => {};
    const ack = new Promise<unknown>((resolve) => {
      acked = resolve;
    });
    let isAcked = false;
    const retryNum = headers.get("x-slack-retry-num");
    const retryReason = headers.get("x-slack-retry-reason");
    const event: ReceiverEvent = {
      body,
      ack: async (response) => {
        if (isAcked) return;
        isAcked = true;
        acked(response);
      },
      ...(retryNum === null ? {} : { retryNum: Number(retryNum) }),
      ...(retryReason === null ? {} : { retryReason }),
    };
    const processing = app.processEvent(event).catch((error: unknown) => {
      this.logger.error("a Slack listener failed", { error });
    });
    const tracked = processing.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);

    const finished = processing.then(() => NOT_ACKED);
    const response = this.options.processBeforeResponse
      ? await processing.then(() => (isAcked ? ack : NOT_ACKED))
      : await Promise.race([ack, finished]);
    if (response === NOT_ACKED) return new Response("", { status: 404 });
    if (response === undefined || response === null || response === "")
      return new Response("", { status: 200 });
    if (typeof response === "string") return new Response(response, { status: 200 });
    return Response.json(response);
  }
}

const NOT_ACKED = Symbol("not acked");

function parseBody(raw: string, contentType: string): Record<string, unknown> | null {
  try {
    if (contentType.startsWith("application/x-www-form-urlencoded")) {
      const form = parseQuery(raw);
      if (typeof form.payload === "string") return JSON.parse(form.payload) as Record<string, unknown>;
      return form as Record<string, unknown>;
    }
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
