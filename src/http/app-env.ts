import type { IngestResult } from "../ingest/normalized-delivery.ts";

/** Per-request values shared between the webhook routes and the delivery instrumentation. */
export interface AppEnv {
  Variables: { ingestResult: IngestResult | undefined };
}
