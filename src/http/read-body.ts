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
