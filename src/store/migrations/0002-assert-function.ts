import { type Kysely, sql } from "kysely";

/**
 * `vigil_assert(condition, message)` raises when the condition is false. A pipelined transaction
 * uses it to make COMMIT impossible unless an earlier statement really did its work (e.g. pg-boss
 * stored the investigation job), since the COMMIT is already on its way before any answer is read.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION vigil_assert(condition boolean, message text) RETURNS boolean LANGUAGE plpgsql AS $$
    BEGIN
      IF condition IS NOT TRUE THEN
        RAISE EXCEPTION '%', message USING ERRCODE = 'assert_failure';
      END IF;
      RETURN true;
    END
    $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP FUNCTION IF EXISTS vigil_assert(boolean, text)`.execute(db);
}
