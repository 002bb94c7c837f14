import { type Kysely, sql, type Transaction } from "kysely";
import type { MitigationDecision, MitigationPlan } from "../domain/mitigation-plan.ts";
import { type AuditEventInput, appendAuditEvent } from "../store/append-audit-event.ts";
import type { Database } from "../store/database.ts";

/** What one plan's serialized transaction may do: every click on one plan runs one after another. */
export interface PlanTransaction {
  decisionOf(planId: string): Promise<MitigationDecision | null>;
  /** false: this user's approval of this plan is already recorded. */
  addApproval(row: {
    planId: string;
    incidentId: string;
    userId: string;
    risk: MitigationPlan["risk"];
  }): Promise<boolean>;
  approversOf(planId: string): Promise<string[]>;
  /** false: the plan already has its decision (the primary key refused a second one). */
  insertDecision(decision: MitigationDecision): Promise<boolean>;
  audit(event: AuditEventInput): Promise<void>;
}

export interface ApprovalStore {
  incidentStatus(incidentId: string): Promise<"open" | "resolved" | null>;
  decisionOf(planId: string): Promise<MitigationDecision | null>;
  approvalsOf(planId: string): Promise<Array<{ by: string; at: string }>>;
  /** Runs `work` in a transaction holding a lock on the plan id until it commits. */
  withPlan<T>(planId: string, work: (tx: PlanTransaction) => Promise<T>): Promise<T>;
  markDecisionDelivered(planId: string): Promise<void>;
  noteDeliveryFailure(planId: string): Promise<void>;
  undeliveredDecisions(decidedBefore: Date): Promise<MitigationDecision[]>;
  /** false: an undo of this plan was requested already. */
  claimUndo(row: { planId: string; incidentId: string; userId: string }): Promise<boolean>;
  markUndoDelivered(planId: string): Promise<void>;
  undeliveredUndos(
    requestedBefore: Date,
  ): Promise<Array<{ planId: string; incidentId: string; userId: string }>>;
  audit(event: AuditEventInput): Promise<void>;
}

export function createApprovalStore(db: Kysely<Database>): ApprovalStore {
  const decisionOf = async (executor: Kysely<Database>, planId: string) => {
    const row = await executor
      .selectFrom("mitigation_decisions")
      .selectAll()
      .where("plan_id", "=", planId)
      .executeTakeFirst();
    return row === undefined ? null : mapDecision(row);
  };

  const planTransaction = (trx: Transaction<Database>): PlanTransaction => ({
    decisionOf: (planId) => decisionOf(trx, planId),
    async addApproval({ planId, incidentId, userId, risk }) {
      const inserted = await trx
        .insertInto("approvals")
        .values({ plan_id: planId, incident_id: incidentId, user_id: userId, risk })
        .onConflict((conflict) => conflict.columns(["plan_id", "user_id"]).doNothing())
        .returning("user_id")
        .executeTakeFirst();
      return inserted !== undefined;
    },
    async approversOf(planId) {
      const rows = await trx
        .selectFrom("approvals")
        .select("user_id")
        .where("plan_id", "=", planId)
        .orderBy("at")
        .orderBy("user_id")
        .execute();
      return rows.map((row) => row.user_id);
    },
    async insertDecision(decision) {
      const inserted = await trx
        .insertInto("mitigation_decisions")
        .values({
          plan_id: decision.planId,
          incident_id: decision.incidentId,
          approved: decision.approved,
          decided_by: JSON.stringify(decision.by),
          reason: decision.reason ?? null,
          decided_at: decision.at,
        })
        .onConflict((conflict) => conflict.column("plan_id").doNothing())
        .returning("plan_id")
        .executeTakeFirst();
      return inserted !== undefined;
    },
    async audit(event) {
      await appendAuditEvent(trx, event);
    },
  });

  return {
    async incidentStatus(incidentId) {
      const row = await db
        .selectFrom("incidents")
        .select("status")
        .where("id", "=", incidentId)
        .executeTakeFirst();
      return row?.status ?? null;
    },
    decisionOf: (planId) => decisionOf(db, planId),
    async approvalsOf(planId) {
      const rows = await db
        .selectFrom("approvals")
        .select(["user_id", "at"])
        .where("plan_id", "=", planId)
        .orderBy("at")
        .execute();
      return rows.map((row) => ({ by: row.user_id, at: row.at.toISOString() }));
    },
    async withPlan(planId, work) {
      return await db.transaction().execute(async (trx) => {
        // Serializes clicks on one plan, so that "is this the approval that completes the set?" is
        // answered on a stable count; the decision's primary key still guards the outcome.
        await sql`select pg_advisory_xact_lock(hashtextextended(${`vigil.plan:${planId}`}, 0))`.execute(trx);
        return await work(planTransaction(trx));
      });
    },
    async markDecisionDelivered(planId) {
      await db
        .updateTable("mitigation_decisions")
        .set({ delivered_at: sql<Date>`now()`, delivery_attempts: sql<number>`delivery_attempts + 1` })
        .where("plan_id", "=", planId)
        .execute();
    },
    async noteDeliveryFailure(planId) {
      await db
        .updateTable("mitigation_decisions")
        .set({ delivery_attempts: sql<number>`delivery_attempts + 1` })
        .where("plan_id", "=", planId)
        .execute();
    },
    async undeliveredDecisions(decidedBefore) {
      const rows = await db
        .selectFrom("mitigation_decisions")
        .selectAll()
        .where("delivered_at", "is", null)
        .where("decided_at", "<", decidedBefore)
        .orderBy("decided_at")
        .execute();
      return rows.map(mapDecision);
    },
    async claimUndo({ planId, incidentId, userId }) {
      const inserted = await db
        .insertInto("mitigation_undo_requests")
        .values({ plan_id: planId, incident_id: incidentId, requested_by: userId })
        .onConflict((conflict) => conflict.column("plan_id").doNothing())
        .returning("plan_id")
        .executeTakeFirst();
      return inserted !== undefined;
    },
    async markUndoDelivered(planId) {
      await db
        .updateTable("mitigation_undo_requests")
        .set({ delivered_at: sql<Date>`now()` })
        .where("plan_id", "=", planId)
        .execute();
    },
    async undeliveredUndos(requestedBefore) {
      const rows = await db
        .selectFrom("mitigation_undo_requests")
        .select(["plan_id", "incident_id", "requested_by"])
        .where("delivered_at", "is", null)
        .where("requested_at", "<", requestedBefore)
        .orderBy("requested_at")
        .execute();
      return rows.map((row) => ({
        planId: row.plan_id,
        incidentId: row.incident_id,
        userId: row.requested_by,
      }));
    },
    async audit(event) {
      await appendAuditEvent(db, event);
    },
  };
}

function mapDecision(row: {
  plan_id: string;
  incident_id: string;
  approved: boolean;
  decided_by: string[];
  reason: string | null;
  decided_at: Date;
}): MitigationDecision {
  return {
    incidentId: row.incident_id,
    planId: row.plan_id,
    approved: row.approved,
    by: row.decided_by,
    at: row.decided_at.toISOString(),
    ...(row.reason === null ? {} : { reason: row.reason }),
  };
}
