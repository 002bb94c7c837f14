import type { Kysely } from "kysely";
import type { InvestigationRepository } from "../agent/investigation-repository.ts";
import type { AlertContext } from "../agent/investigation-scope.ts";
import { assertRcaGrounded } from "../domain/check-rca-grounding.ts";
import { appendAuditEvent } from "./append-audit-event.ts";
import type { Database } from "./database.ts";

export function createInvestigationRepository(db: Kysely<Database>): InvestigationRepository {
  return {
    async alertsOf(incidentId) {
      const rows = await db
        .selectFrom("incident_alerts")
        .innerJoin("alerts", "alerts.id", "incident_alerts.alert_id")
        .where("incident_alerts.incident_id", "=", incidentId)
        .select(["source", "name", "severity", "summary", "status", "labels", "annotations", "starts_at"])
        .orderBy("alerts.starts_at")
        .execute();
      return rows.map(
        (row): AlertContext => ({
          source: row.source,
          name: row.name,
          severity: row.severity,
          summary: row.summary,
          status: row.status,
          labels: row.labels,
          annotations: row.annotations,
          startsAt: Math.floor(row.starts_at.getTime() / 1000),
        }),
      );
    },

    async saveRca(rca) {
      assertRcaGrounded(rca);
      return await db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto("rcas")
          .values({ incident_id: rca.incidentId, document: JSON.stringify(rca) })
          .onConflict((conflict) => conflict.column("incident_id").doNothing())
          .returning("incident_id")
          .executeTakeFirst();
        if (!inserted) return false;
        await appendAuditEvent(trx, {
          incidentId: rca.incidentId,
          type: "rca.created",
          actor: "vigil",
          data: {
            top: rca.top
              ? { service: rca.top.service, kind: rca.top.kind, confidence: rca.top.confidence }
              : null,
            mitigation: { action: rca.mitigation.action, target: rca.mitigation.target ?? null },
            gaps: rca.gaps.length,
            evidence: rca.evidence.length,
          },
        });
        return true;
      });
    },

    async audit(incidentId, type, data) {
      await appendAuditEvent(db, { incidentId, type, actor: "vigil", data });
    },
  };
}
