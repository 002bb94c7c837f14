import type { IncomingMessage } from "node:http";
import type { Context } from "hono";
import type { z } from "zod";
import { InvalidPayloadError } from "../ingest/ingest-errors.ts";
import { MalformedJsonError, PayloadTooLargeError } from "./http-errors.ts";

export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads the raw body (signatures are over the exact bytes), refusing more than `limit` bytes
 * whether or not the sender declared a Content-Length, and without buffering past the limit.
 */
export async function readRawBody(c: Context, limit: number): Promise<Uint8Array> {
  const declared = Number(c.req.header("content-length") ?? Number.NaN);
  if (declared > limit) throw new PayloadTooLargeError(limit);
  // Under @hono/node-server the Node request is at hand: reading it directly skips building a
  // WHATWG Request and stream around it, which cost more than the rest of parsing the webhook. A
  // request already torn down goes the general way, which recovers a body that arrived whole.
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (incoming !== undefined && !incoming.readableDidRead && !incoming.destroyed) {
    return await readIncoming(incoming, limit);
  }
  const stream = c.req.raw.body;
  if (stream === null) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.byteLength;
    if (size > limit) throw new PayloadTooLargeError(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

function readIncoming(incoming: IncomingMessage, limit: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (outcome: () => void) => {
      incoming.off("data", onData);
      incoming.off("end", onEnd);
      incoming.off("error", onError);
      incoming.off("close", onClose);
      outcome();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      // The rest still arrives and is dropped as it does, so that the 413 reaches the sender.
      incoming.on("data", () => {});
      finish(() => reject(new PayloadTooLargeError(limit)));
    };
    const onEnd = () => finish(() => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    const onError = (error: Error) => finish(() => reject(error));
    const onClose = () => {
      if (!incoming.readableEnded) finish(() => reject(new Error("the sender closed the request mid-body")));
    };
    incoming.on("data", onData);
    incoming.on("end", onEnd);
    incoming.on("error", onError);
    incoming.on("close", onClose);
  });
}

export function parseJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8"));
  } catch (error) {
    throw new MalformedJsonError(
      `body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Validates against the sender's schema; the error names the first offending field as a dotted path. */
export function validate<Schema extends z.ZodType>(schema: Schema, value: unknown): z.output<Schema> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.length === 0 ? null : issue.path.map(String).join(".");
  throw new InvalidPayloadError(`${field ?? "body"}: ${issue.message}`, field);
}
