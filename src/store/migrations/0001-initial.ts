import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE incidents (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      source text NOT NULL CHECK (source IN ('alertmanager', 'pagerduty')),
      group_key text NOT NULL,
      external_id text,
      status text NOT NULL CHECK (status IN ('open', 'resolved')),
      title text NOT NULL,
      severity text NOT NULL,
      opened_at timestamptz NOT NULL DEFAULT now(),
      resolved_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // Two concurrent deliveries for a new group must not open two incidents: the second waits on this
  // index and then joins the first.
  await sql`CREATE UNIQUE INDEX incidents_one_open_per_group ON incidents (source, group_key) WHERE status = 'open'`.execute(
    db,
  );
  await sql`CREATE INDEX incidents_by_group ON incidents (source, group_key, opened_at DESC)`.execute(db);
  await sql`CREATE INDEX incidents_by_opened_at ON incidents (opened_at DESC, id DESC)`.execute(db);

  await sql`
    CREATE TABLE alerts (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      source text NOT NULL CHECK (source IN ('alertmanager', 'pagerduty')),
      fingerprint text NOT NULL,
      status text NOT NULL CHECK (status IN ('firing', 'resolved')),
      name text NOT NULL,
      severity text NOT NULL,
      summary text NOT NULL,
      labels jsonb NOT NULL,
      annotations jsonb NOT NULL,
      starts_at timestamptz NOT NULL,
      ends_at timestamptz,
      group_key text NOT NULL,
      external_id text,
      raw jsonb NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (source, fingerprint, starts_at)
    )`.execute(db);

  await sql`
    CREATE TABLE incident_alerts (
      incident_id uuid NOT NULL REFERENCES incidents (id),
      alert_id uuid NOT NULL REFERENCES alerts (id),
      added_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (incident_id, alert_id)
    )`.execute(db);
  await sql`CREATE INDEX incident_alerts_by_alert ON incident_alerts (alert_id)`.execute(db);

  await sql`
    CREATE TABLE webhook_deliveries (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      source text NOT NULL CHECK (source IN ('alertmanager', 'pagerduty')),
      dedup_key text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      payload jsonb NOT NULL,
      outcome text NOT NULL CHECK (outcome IN ('accepted', 'ignored')),
      incident_id uuid REFERENCES incidents (id),
      alert_count integer NOT NULL DEFAULT 0,
      UNIQUE (source, dedup_key)
    )`.execute(db);

  await sql`
    CREATE TABLE audit_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      incident_id uuid REFERENCES incidents (id),
      type text NOT NULL CHECK (type ~ '^[a-z][a-z0-9_-]*\\.[a-z][a-z0-9_.-]*$'),
      actor text NOT NULL,
      data jsonb NOT NULL DEFAULT '{}'::jsonb,
      at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX audit_events_by_incident ON audit_events (incident_id, id)`.execute(db);
  await sql`
    CREATE FUNCTION refuse_audit_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END
    $$`.execute(db);
  await sql`
    CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION refuse_audit_event_change()`.execute(db);
  await sql`
    CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_audit_event_change()`.execute(db);

  await sql`
    CREATE TABLE rcas (
      incident_id uuid PRIMARY KEY REFERENCES incidents (id),
      document jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "rcas",
    "audit_events",
    "webhook_deliveries",
    "incident_alerts",
    "alerts",
    "incidents",
  ]) {
    await sql`DROP TABLE IF EXISTS ${sql.table(table)}`.execute(db);
  }
  await sql`DROP FUNCTION IF EXISTS refuse_audit_event_change()`.execute(db);
}
