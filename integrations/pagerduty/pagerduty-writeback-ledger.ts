import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { Database } from "../../src/store/database.ts";

/**
 * Exactly-once bookkeeping for write-back over `outbound_notes`: a sender first claims the key,
 * sends only when it won the claim, then completes it; a failed send releases the claim. Two
 * concurrent callers cannot both win, because the claim is one INSERT on the primary key.
 */
export interface WritebackLedger {
  /** The claim id when this caller may send; null when it was sent already or another sender holds it. */
  claim(incidentId: string, key: string): Promise<string | null>;
  complete(incidentId: string, key: string, claimId: string, externalId: string | null): Promise<void>;
  release(incidentId: string, key: string, claimId: string): Promise<void>;
}

export function createWritebackLedger({
  db,
  target,
  leaseSeconds = 300,
}: {
  db: Kysely<Database>;
  target: string;
  /** After this long an unfinished claim is presumed dead (its process crashed) and may be taken over. */
  leaseSeconds?: number;
}): WritebackLedger {
  const row = (incidentId: string, key: string, claimId: string) =>
    db
      .updateTable("outbound_notes")
      .where("incident_id", "=", incidentId)
      .where("target", "=", target)
      .where("key", "=", key)
      .where("claim_id", "=", claimId)
      .where("sent_at", "is", null);

  return {
    async claim(incidentId, key) {
      const claimId = randomUUID();
      const won = await db
        .insertInto("outbound_notes")
        .values({ incident_id: incidentId, target, key, claim_id: claimId })
        .onConflict((conflict) =>
          conflict
            .columns(["incident_id", "target", "key"])
            .doUpdateSet({ claim_id: claimId, claimed_at: sql<Date>`now()` })
            .where("outbound_notes.sent_at", "is", null)
            .where(
              "outbound_notes.claimed_at",
              "<",
              sql<Date>`now() - make_interval(secs => ${leaseSeconds})`,
            ),
        )
        .returning("claim_id")
        .executeTakeFirst();
      return won?.claim_id === claimId ? claimId : null;
    },
    async complete(incidentId, key, claimId, externalId) {
      await row(incidentId, key, claimId)
        .set({ sent_at: sql<Date>`now()`, external_id: externalId })
        .execute();
    },
    async release(incidentId, key, claimId) {
      await db
        .deleteFrom("outbound_notes")
        .where("incident_id", "=", incidentId)
        .where("target", "=", target)
        .where("key", "=", key)
        .where("claim_id", "=", claimId)
        .where("sent_at", "is", null)
        .execute();
    },
  };
}
