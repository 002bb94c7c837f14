import { type Kysely, sql } from "kysely";

/** Per-incident model usage (tokens, calls, cost), summed over calls; see `tables/model-usage-tables.ts`. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE model_usage (
      incident_id uuid NOT NULL REFERENCES incidents (id),
      provider text NOT NULL,
      model text NOT NULL,
      calls integer NOT NULL DEFAULT 0 CHECK (calls >= 0),
      failed_calls integer NOT NULL DEFAULT 0 CHECK (failed_calls >= 0),
      input_tokens integer NOT NULL DEFAULT 0 CHECK (input_tokens >= 0),
      output_tokens integer NOT NULL DEFAULT 0 CHECK (output_tokens >= 0),
      cost_usd double precision NOT NULL DEFAULT 0 CHECK (cost_usd >= 0),
      cost_known boolean NOT NULL DEFAULT true,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (incident_id, provider, model)
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS model_usage`.execute(db);
}
