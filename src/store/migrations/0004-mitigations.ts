import { type Kysely, sql } from "kysely";

// Spelled out rather than imported: a shipped migration must not change when the domain grows.
const STATES = sql.raw(
  [
    "planned",
    "refused",
    "awaiting-approval",
    "approved",
    "rejected",
    "applying",
    "applied",
    "verified",
    "not-recovered",
    "undone",
    "failed",
    "superseded",
  ]
    .map((state) => `'${state}'`)
    .join(", "),
);

/**
 * Mitigation plans, their executions and their history. "An action runs at most once" is the
 * primary key of mitigation_executions, never process memory, so replicas and retries agree.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE mitigation_plans (
      id text PRIMARY KEY,
      incident_id uuid NOT NULL REFERENCES incidents (id),
      action text NOT NULL,
      plan jsonb NOT NULL,
      record jsonb,
      signal jsonb,
      state text NOT NULL CHECK (state IN (${STATES})),
      detail text,
      decision jsonb,
      created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`.execute(db);
  await sql`CREATE INDEX mitigation_plans_by_incident ON mitigation_plans (incident_id, created_at DESC)`.execute(
    db,
  );

  await sql`
    CREATE TABLE mitigation_executions (
      plan_id text NOT NULL REFERENCES mitigation_plans (id),
      step text NOT NULL CHECK (step IN ('apply', 'verify', 'undo')),
      actor text NOT NULL,
      started_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      outcome text,
      result jsonb,
      PRIMARY KEY (plan_id, step)
    )`.execute(db);

  await sql`
    CREATE TABLE mitigation_history (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      plan_id text NOT NULL REFERENCES mitigation_plans (id),
      incident_id uuid NOT NULL REFERENCES incidents (id),
      state text NOT NULL CHECK (state IN (${STATES})),
      actor text,
      detail text,
      at timestamptz NOT NULL DEFAULT clock_timestamp()
    )`.execute(db);
  await sql`CREATE INDEX mitigation_history_by_plan ON mitigation_history (plan_id, id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ["mitigation_history", "mitigation_executions", "mitigation_plans"]) {
    await sql`DROP TABLE IF EXISTS ${sql.table(table)}`.execute(db);
  }
}
