import { type Kysely, sql } from "kysely";

/** `outbound_notes`: what Vigil wrote back to PagerDuty (and other targets), once per key. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE outbound_notes (
      incident_id uuid NOT NULL REFERENCES incidents (id),
      target text NOT NULL,
      key text NOT NULL,
      claim_id uuid NOT NULL,
      claimed_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      external_id text,
      PRIMARY KEY (incident_id, target, key)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS outbound_notes`.execute(db);
}
