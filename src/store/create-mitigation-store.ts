import { type Kysely, type Selectable, sql } from "kysely";
import type { MitigationStatus } from "../domain/mitigation-plan.ts";
import type { ExecutionRecord } from "../mitigation/actions/catalog-action.ts";
import type { MitigationStore, StoredPlan } from "../mitigation/mitigation-store.ts";
import type { VerifySignal } from "../mitigation/verify-recovery.ts";
import { appendAuditEvent } from "./append-audit-event.ts";
import type { Database } from "./database.ts";
import type { MitigationPlansTable } from "./tables/mitigation-tables.ts";

const OPEN_STATES = ["planned", "awaiting-approval", "approved"] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The mitigation store over Postgres: plans, their one-time executions, history and audit. */
export function createMitigationStore(db: Kysely<Database>): MitigationStore & {
  /** For Slack cards, PagerDuty notes and the API: where the incident's mitigation stands. */
  mitigationOf(incidentId: string): Promise<MitigationStatus | null>;
} {
  const toStored = (row: Selectable<MitigationPlansTable>): StoredPlan => ({
    plan: row.plan,
    record: (row.record ?? null) as ExecutionRecord | null,
    signal: (row.signal ?? null) as VerifySignal | null,
    state: row.state,
    detail: row.detail,
    decision: row.decision ?? null,
  });
  const current = async (incidentId: string) =>
    UUID.test(incidentId)
      ? await db
          .selectFrom("mitigation_plans")
          .selectAll()
          .where("incident_id", "=", incidentId)
          .orderBy("created_at", "desc")
          .limit(1)
          .executeTakeFirst()
      : undefined;

  return {
    async savePlan({ plan, record, signal, state, detail }) {
      return await db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto("mitigation_plans")
          .values({
            id: plan.id,
            incident_id: plan.incidentId,
            action: plan.action,
            plan: JSON.stringify(plan),
            record: record === null ? null : JSON.stringify(record),
            signal: signal === null ? null : JSON.stringify(signal),
            state,
            detail: detail ?? null,
          })
          .onConflict((conflict) => conflict.column("id").doNothing())
          .returning("id")
          .executeTakeFirst();
        if (!inserted) return false;
        const superseded = await trx
          .updateTable("mitigation_plans")
          .set({
            state: "superseded",
            detail: `superseded by ${plan.id}`,
            updated_at: sql`clock_timestamp()`,
          })
          .where("incident_id", "=", plan.incidentId)
          .where("id", "!=", plan.id)
          .where("state", "in", [...OPEN_STATES])
          .returning("id")
          .execute();
        for (const old of superseded) {
          await trx
            .insertInto("mitigation_history")
            .values({
              plan_id: old.id,
              incident_id: plan.incidentId,
              state: "superseded",
              actor: "vigil",
              detail: `superseded by ${plan.id}`,
            })
            .execute();
        }
        await trx
          .insertInto("mitigation_history")
          .values({
            plan_id: plan.id,
            incident_id: plan.incidentId,
            state,
            actor: "vigil",
            detail: detail ?? null,
          })
          .execute();
        await appendAuditEvent(trx, {
          incidentId: plan.incidentId,
          type: state === "refused" ? "mitigation.refused" : "mitigation.planned",
          actor: "vigil",
          data: {
            planId: plan.id,
            action: plan.action,
            target: plan.target,
            mode: plan.mode,
            summary: plan.summary,
            changes: plan.changes,
            ...(detail ? { reason: detail } : {}),
            ...(superseded.length > 0 ? { superseded: superseded.map((old) => old.id) } : {}),
          },
        });
        return true;
      });
    },

    async plan(planId) {
      const row = await db
        .selectFrom("mitigation_plans")
        .selectAll()
        .where("id", "=", planId)
        .executeTakeFirst();
      return row ? toStored(row) : null;
    },

    async currentPlan(incidentId) {
      const row = await current(incidentId);
      return row ? toStored(row) : null;
    },

    async transition({ planId, from, to, actor, detail, decision, audit }) {
      return await db.transaction().execute(async (trx) => {
        const moved = await trx
          .updateTable("mitigation_plans")
          .set({
            state: to,
            detail: detail ?? null,
            updated_at: sql`clock_timestamp()`,
            ...(decision ? { decision: JSON.stringify(decision) } : {}),
          })
          .where("id", "=", planId)
          .where("state", "in", from)
          .returning(["incident_id"])
          .executeTakeFirst();
        if (!moved) return false;
        await trx
          .insertInto("mitigation_history")
          .values({
            plan_id: planId,
            incident_id: moved.incident_id,
            state: to,
            actor,
            detail: detail ?? null,
          })
          .execute();
        await appendAuditEvent(trx, {
          incidentId: moved.incident_id,
          type: audit.type,
          actor,
          data: { planId, ...(detail ? { detail } : {}), ...audit.data },
        });
        return true;
      });
    },

    async claimStep(planId, step, actor) {
      const claimed = await db
        .insertInto("mitigation_executions")
        .values({ plan_id: planId, step, actor })
        .onConflict((conflict) => conflict.columns(["plan_id", "step"]).doNothing())
        .returning("plan_id")
        .executeTakeFirst();
      return claimed !== undefined;
    },

    async finishStep(planId, step, outcome, result) {
      await db
        .updateTable("mitigation_executions")
        .set({ finished_at: new Date(), outcome, result: JSON.stringify(result ?? null) })
        .where("plan_id", "=", planId)
        .where("step", "=", step)
        .execute();
    },

    async reclaimStaleStep(planId, step, actor, staleAfterSeconds) {
      const reclaimed = await db
        .updateTable("mitigation_executions")
        .set({ actor, started_at: sql`clock_timestamp()` })
        .where("plan_id", "=", planId)
        .where("step", "=", step)
        .where("finished_at", "is", null)
        .where("started_at", "<", claimedBefore(staleAfterSeconds))
        .returning("plan_id")
        .executeTakeFirst();
      return reclaimed !== undefined;
    },

    async interruptedSteps(state, step, staleAfterSeconds) {
      const rows = await db
        .selectFrom("mitigation_executions as e")
        .innerJoin("mitigation_plans as p", "p.id", "e.plan_id")
        .select(["p.id as planId", "p.incident_id as incidentId"])
        .where("p.state", "=", state)
        .where("e.step", "=", step)
        .where("e.finished_at", "is", null)
        .where("e.started_at", "<", claimedBefore(staleAfterSeconds))
        .orderBy("e.started_at")
        .execute();
      return rows;
    },

    async releaseStep(planId, step) {
      await db
        .deleteFrom("mitigation_executions")
        .where("plan_id", "=", planId)
        .where("step", "=", step)
        .execute();
    },

    async audit(incidentId, type, actor, data) {
      await appendAuditEvent(db, { incidentId, type, actor, data });
    },

    async mitigationOf(incidentId) {
      const row = await current(incidentId);
      if (!row) return null;
      const history = await db
        .selectFrom("mitigation_history")
        .select(["state", "actor", "detail", "at"])
        .where("plan_id", "=", row.id)
        .orderBy("id")
        .execute();
      // Clicks recorded by the approval flow (migration 0003), plus the deciders of the decision.
      const clicks = await db
        .selectFrom("approvals")
        .select(["user_id", "at"])
        .where("plan_id", "=", row.id)
        .orderBy("at")
        .execute();
      const approvals = clicks.map((click) => ({ by: click.user_id, at: click.at.toISOString() }));
      if (row.decision?.approved) {
        for (const by of row.decision.by) {
          if (!approvals.some((approval) => approval.by === by)) approvals.push({ by, at: row.decision.at });
        }
      }
      return {
        plan: row.plan,
        state: row.state,
        approvals,
        history: history.map((entry) => ({
          state: entry.state,
          at: entry.at.toISOString(),
          ...(entry.actor ? { by: entry.actor } : {}),
          ...(entry.detail ? { detail: entry.detail } : {}),
        })),
        ...(row.detail ? { detail: row.detail } : {}),
      };
    },

    async generatorUrlOf(incidentId) {
      if (!UUID.test(incidentId)) return null;
      const row = await db
        .selectFrom("incident_alerts")
        .innerJoin("alerts", "alerts.id", "incident_alerts.alert_id")
        .select(sql<string | null>`alerts.raw->>'generatorURL'`.as("generator_url"))
        .where("incident_alerts.incident_id", "=", incidentId)
        .orderBy("alerts.starts_at")
        .limit(1)
        .executeTakeFirst();
      return row?.generator_url || null;
    },

    async incidentExists(incidentId) {
      if (!UUID.test(incidentId)) return false;
      const row = await db
        .selectFrom("incidents")
        .select("id")
        .where("id", "=", incidentId)
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}

/** The moment a step claimed before it counts as stale: its worker is presumed gone. */
function claimedBefore(staleAfterSeconds: number) {
  return sql<Date>`clock_timestamp() - make_interval(secs => ${staleAfterSeconds})`;
}
