import type { Kysely } from "kysely";
import type { Database } from "./database.ts";

export interface AuditEventInput {
  incidentId: string | null;
  /** `<noun>.<verb>`, e.g. `investigation.requested`. */
  type: string;
  /** Who did it: a sender (`alertmanager`), `vigil`, or a person's id. */
  actor: string;
  data?: Record<string, unknown>;
}

export interface AppendedAuditEvent {
  id: string;
  at: Date;
}

/** Appends one audit event; pass a transaction to make it part of that transaction. */
export async function appendAuditEvent(
  db: Kysely<Database>,
  { incidentId, type, actor, data = {} }: AuditEventInput,
): Promise<AppendedAuditEvent> {
  return await db
    .insertInto("audit_events")
    .values({ incident_id: incidentId, type, actor, data: JSON.stringify(data) })
    .returning(["id", "at"])
    .executeTakeFirstOrThrow();
}
