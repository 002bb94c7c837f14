import type { Alert, AlertSource } from "../domain/index.ts";

export interface NormalizedAlert {
  alert: Alert;
  /** The sender's own description of this alert (an Alertmanager alert, a PagerDuty incident). */
  raw: unknown;
}

/** One webhook delivery, authenticated and validated, in the shape ingest works with. */
export interface NormalizedDelivery {
  source: AlertSource;
  /** Same value on every retry of this delivery and different for any other delivery. */
  dedupKey: string;
  /** The request body as received. */
  payload: unknown;
  /** Empty when the delivery is about something other than alerts (a PagerDuty ping, a note). */
  alerts: NormalizedAlert[];
  /** What the sender said happened, e.g. `incident.triggered`; kept in the audit trail. */
  event: string;
}

export type IngestOutcome = "opened" | "updated" | "resolved" | "ignored" | "duplicate";

/** The answer a sender gets. A redelivery gets the same `incidentId` and `alerts`, with `duplicate: true`. */
export interface IngestResult {
  incidentId: string | null;
  alerts: number;
  duplicate: boolean;
  outcome: IngestOutcome;
}
