import { type Kysely, sql } from "kysely";
import type { Database } from "../../src/store/database.ts";

export interface StoredCard {
  incidentId: string;
  /** The channel id Slack answered with (chat.update needs the id, not a #name). */
  channel: string;
  /** null while a process is posting it. */
  ts: string | null;
  chartFileId: string | null;
}

/**
 * Where each incident's card is, and the once-only claims around it: posting the card, uploading
 * its chart, and each thread line. Claims live in Postgres so retries and replicas agree.
 */
export interface SlackCardStore {
  get(incidentId: string): Promise<StoredCard | null>;
  /** true: this caller must post the card. A claim left by a crashed poster expires after `staleMs`. */
  claim(incidentId: string, channel: string, staleMs?: number): Promise<boolean>;
  posted(incidentId: string, channel: string, ts: string): Promise<void>;
  /** Gives up a claim whose post failed, so the next call posts. */
  release(incidentId: string): Promise<void>;
  claimChart(incidentId: string): Promise<boolean>;
  chartUploaded(incidentId: string, fileId: string | null): Promise<void>;
  /** true: this caller must post the thread line `key`. */
  claimNote(incidentId: string, key: string): Promise<boolean>;
  releaseNote(incidentId: string, key: string): Promise<void>;
  /** The incident a card message belongs to. */
  incidentOf(channel: string, ts: string): Promise<string | null>;
}

export function createSlackCardStore(db: Kysely<Database>): SlackCardStore {
  return {
    async get(incidentId) {
      const row = await db
        .selectFrom("slack_cards")
        .selectAll()
        .where("incident_id", "=", incidentId)
        .executeTakeFirst();
      return row === undefined
        ? null
        : { incidentId: row.incident_id, channel: row.channel, ts: row.ts, chartFileId: row.chart_file_id };
    },
    async claim(incidentId, channel, staleMs = 60_000) {
      const claimed = await db
        .insertInto("slack_cards")
        .values({ incident_id: incidentId, channel })
        .onConflict((conflict) =>
          conflict
            .column("incident_id")
            .doUpdateSet({ channel, claimed_at: sql<Date>`now()` })
            .where("slack_cards.ts", "is", null)
            .where(sql<boolean>`slack_cards.claimed_at < now() - make_interval(secs => ${staleMs / 1000})`),
        )
        .returning("incident_id")
        .executeTakeFirst();
      return claimed !== undefined;
    },
    async posted(incidentId, channel, ts) {
      await db
        .updateTable("slack_cards")
        .set({ channel, ts })
        .where("incident_id", "=", incidentId)
        .execute();
    },
    async release(incidentId) {
      await db
        .deleteFrom("slack_cards")
        .where("incident_id", "=", incidentId)
        .where("ts", "is", null)
        .execute();
    },
    async claimChart(incidentId) {
      const claimed = await db
        .updateTable("slack_cards")
        .set({ chart_file_id: "pending" })
        .where("incident_id", "=", incidentId)
        .where("chart_file_id", "is", null)
        .where("ts", "is not", null)
        .returning("incident_id")
        .executeTakeFirst();
      return claimed !== undefined;
    },
    async chartUploaded(incidentId, fileId) {
      await db
        .updateTable("slack_cards")
        .set({ chart_file_id: fileId })
        .where("incident_id", "=", incidentId)
        .execute();
    },
    async claimNote(incidentId, key) {
      const claimed = await db
        .updateTable("slack_cards")
        .set({ thread_notes: sql<string>`thread_notes || jsonb_build_array(${key}::text)` })
        .where("incident_id", "=", incidentId)
        .where(sql<boolean>`not (thread_notes ? ${key})`)
        .returning("incident_id")
        .executeTakeFirst();
      return claimed !== undefined;
    },
    async releaseNote(incidentId, key) {
      await db
        .updateTable("slack_cards")
        .set({ thread_notes: sql<string>`thread_notes - ${key}::text` })
        .where("incident_id", "=", incidentId)
        .execute();
    },
    async incidentOf(channel, ts) {
      const row = await db
        .selectFrom("slack_cards")
        .select("incident_id")
        .where("channel", "=", channel)
        .where("ts", "=", ts)
        .executeTakeFirst();
      return row?.incident_id ?? null;
    },
  };
}
