import type { Kysely } from "kysely";
import { appendAuditEvent } from "./append-audit-event.ts";
import type { Database } from "./database.ts";

/** The investigation handler until the investigation graph exists: it records that one was asked for. */
export function createRecordInvestigationRequested(
  db: Kysely<Database>,
): (incidentId: string) => Promise<void> {
  return async (incidentId) => {
    await appendAuditEvent(db, { incidentId, type: "investigation.requested", actor: "vigil", data: {} });
  };
}
