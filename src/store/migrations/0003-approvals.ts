import { type Kysely, sql } from "kysely";

/**
 * Approvals and decisions on mitigation plans, and the Slack cards that ask for them. Every
 * "at most once" rule (one approval per person and plan, one decision per plan, one undo per
 * plan, one card per incident) is a key here, never process memory, so replicas and retries agree.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE approvals (
      plan_id text NOT NULL,
      user_id text NOT NULL,
      incident_id uuid NOT NULL REFERENCES incidents (id),
      risk text NOT NULL CHECK (risk IN ('low', 'medium', 'high')),
      at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (plan_id, user_id)
    )`.execute(db);
  await sql`CREATE INDEX approvals_by_incident ON approvals (incident_id)`.execute(db);

  await sql`
    CREATE TABLE mitigation_decisions (
      plan_id text PRIMARY KEY,
      incident_id uuid NOT NULL REFERENCES incidents (id),
      approved boolean NOT NULL,
      decided_by jsonb NOT NULL,
      reason text,
      decided_at timestamptz NOT NULL DEFAULT now(),
      delivered_at timestamptz,
      delivery_attempts integer NOT NULL DEFAULT 0
    )`.execute(db);
  await sql`CREATE INDEX mitigation_decisions_undelivered ON mitigation_decisions (decided_at) WHERE delivered_at IS NULL`.execute(
    db,
  );

  await sql`
    CREATE TABLE mitigation_undo_requests (
      plan_id text PRIMARY KEY,
      incident_id uuid NOT NULL REFERENCES incidents (id),
      requested_by text NOT NULL,
      requested_at timestamptz NOT NULL DEFAULT now(),
      delivered_at timestamptz
    )`.execute(db);

  await sql`
    CREATE TABLE slack_cards (
      incident_id uuid PRIMARY KEY REFERENCES incidents (id),
      channel text NOT NULL,
      ts text,
      claimed_at timestamptz NOT NULL DEFAULT now(),
      chart_file_id text,
      thread_notes jsonb NOT NULL DEFAULT '[]'::jsonb
    )`.execute(db);

  await sql`
    CREATE TABLE slack_event_receipts (
      event_id text PRIMARY KEY,
      received_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "slack_event_receipts",
    "slack_cards",
    "mitigation_undo_requests",
    "mitigation_decisions",
    "approvals",
  ]) {
    await sql`DROP TABLE IF EXISTS ${sql.table(table)}`.execute(db);
  }
}
