import type { ColumnType, Generated } from "kysely";

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** jsonb: read back parsed, written as a JSON string. */
type JsonColumn<T> = ColumnType<T, string, string>;

/** One allowed approver's click on one plan; (plan_id, user_id) is unique, so a second click adds nothing. */
export interface ApprovalsTable {
  plan_id: string;
  user_id: string;
  incident_id: string;
  risk: "low" | "medium" | "high";
  at: CreatedAt;
}

/**
 * The one decision on a plan (approved or rejected). The primary key on plan_id is what makes a
 * decision happen once however many clicks, retries and replicas race; `delivered_at` is set once
 * `onDecision` has resumed the graph, so a crash in between is redelivered.
 */
export interface MitigationDecisionsTable {
  plan_id: string;
  incident_id: string;
  approved: boolean;
  decided_by: JsonColumn<string[]>;
  reason: string | null;
  decided_at: CreatedAt;
  delivered_at: Date | null;
  delivery_attempts: Generated<number>;
}

/** The one undo request per plan; the same once-only rule as decisions. */
export interface MitigationUndoRequestsTable {
  plan_id: string;
  incident_id: string;
  requested_by: string;
  requested_at: CreatedAt;
  delivered_at: Date | null;
}

/**
 * Where each incident's Slack card lives. The row is claimed before the card is posted so that a
 * retried or concurrent `rcaReady` updates the card instead of posting a second one.
 */
export interface SlackCardsTable {
  incident_id: string;
  channel: string;
  /** null while the claiming process is posting it. */
  ts: string | null;
  claimed_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** "pending" while one process uploads it. */
  chart_file_id: string | null;
  /** Keys of the thread lines already posted, so a retried notification does not repeat one. */
  thread_notes: ColumnType<string[], string | undefined, string>;
}

/** Slack event ids already answered: Slack redelivers events it thinks we missed. */
export interface SlackEventReceiptsTable {
  event_id: string;
  received_at: CreatedAt;
}

/** Tables added by migration 0003; declared here so that `Database` stays one type. */
export interface ApprovalTables {
  approvals: ApprovalsTable;
  mitigation_decisions: MitigationDecisionsTable;
  mitigation_undo_requests: MitigationUndoRequestsTable;
  slack_cards: SlackCardsTable;
  slack_event_receipts: SlackEventReceiptsTable;
}
