import type { ColumnType } from "kysely";

type ClaimedAt = ColumnType<Date, Date | string | undefined, Date | string>;

/**
 * One message Vigil sends to an outside system about an incident (a PagerDuty note, an
 * acknowledge), at most once per (incident, target, key). A row is a claim while `sent_at` is
 * null: the sender that inserted it owns the send; a claim older than its lease may be taken over
 * (the sender died), and a failed send deletes its claim so that a retry can send again.
 */
export interface OutboundNotesTable {
  incident_id: string;
  /** The system written to, e.g. `pagerduty`. */
  target: string;
  /** What was sent, e.g. `rca`, `acknowledge`, `mitigation:<plan id>:approved`. */
  key: string;
  /** Which sender holds the claim; only it may complete or release it. */
  claim_id: string;
  claimed_at: ClaimedAt;
  sent_at: Date | null;
  /** The id the outside system gave what was sent (the PagerDuty note id), when it gives one. */
  external_id: string | null;
}

export interface OutboundNoteTables {
  outbound_notes: OutboundNotesTable;
}
