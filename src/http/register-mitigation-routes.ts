import { createHash, timingSafeEqual } from "node:crypto";
import type { Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import type { DecideResult } from "../agent/create-investigation.ts";
import type { ApproverSet } from "../config/sections/policy-section.ts";
import type { MitigationDecision, MitigationStatus } from "../domain/mitigation-plan.ts";
import type { UndoResult } from "../mitigation/create-mitigation-executor.ts";
import type { Clock } from "../ports/clock.ts";
import type { Logger } from "../telemetry/create-logger.ts";
import type { AppEnv } from "./app-env.ts";

export interface MitigationRouteDeps {
  /** API caller name → its token (VIGIL_API_TOKENS). A caller acts as approver `api:<name>`. */
  apiTokens: Record<string, string>;
  /** Who may approve per risk level (policy.approvers). */
  approvers: { low: ApproverSet; medium: ApproverSet; high: ApproverSet };
  incidentExists(incidentId: string): Promise<boolean>;
  mitigationOf(incidentId: string): Promise<MitigationStatus | null>;
  undo(incidentId: string, by: string): Promise<UndoResult>;
  decide(decision: MitigationDecision): Promise<DecideResult>;
  clock: Clock;
  logger?: Logger;
}

const incidentIdSchema = z.uuid();
const decisionBody = z.object({
  planId: z.string().min(1),
  approved: z.boolean().default(true),
  reason: z.string().max(500).optional(),
});

/**
 * The mitigation API for the console and scripts, authorized by an API token (`Authorization:
 * Bearer <token>` from VIGIL_API_TOKENS). Rule: the caller `api:<name>` must be listed in
 * `policy.approvers.<risk>.users` for the plan's risk; a plan needing two approvers (high risk) can
 * be rejected through the API but approved only where two people can approve it (Slack).
 *
 * - `GET /api/incidents/:id/mitigation` — the plan, its state, approvals and history.
 * - `POST /api/incidents/:id/undo` — restores the recorded before-state. 200 undone; 401 bad
 *   token; 403 not an allowed approver; 404 unknown incident; 409 nothing to undo, already
 *   undone, or the objects changed since the apply (then nothing was changed).
 * - `POST /api/incidents/:id/approve` `{ planId, approved?, reason? }` — decides a plan that awaits
 *   approval; 202 once the graph is resuming (apply and verify follow); 409 stale plan.
 */
export function registerMitigationRoutes(app: Hono<AppEnv>, deps: MitigationRouteDeps): void {
  const fail = (c: Context<AppEnv>, status: ContentfulStatusCode, code: string, message: string) =>
    c.json({ error: { code, message } }, status);
  const find = async (c: Context<AppEnv>) => {
    const id = c.req.param("id") ?? "";
    if (!incidentIdSchema.safeParse(id).success || !(await deps.incidentExists(id))) return null;
    return id;
  };

  app.get("/api/incidents/:id/mitigation", async (c) => {
    const id = await find(c);
    if (id === null) return fail(c, 404, "not_found", `no incident ${c.req.param("id")}`);
    const status = await deps.mitigationOf(id);
    if (status === null) return fail(c, 404, "not_found", `incident ${id} has no mitigation plan`);
    return c.json(status);
  });

  app.post("/api/incidents/:id/undo", async (c) => {
    const caller = callerOf(c.req.header("authorization"), deps.apiTokens);
    if (caller === null) return fail(c, 401, "unauthorized", "a valid API token is required");
    const id = await find(c);
    if (id === null) return fail(c, 404, "not_found", `no incident ${c.req.param("id")}`);
    const status = await deps.mitigationOf(id);
    if (status === null) return fail(c, 409, "nothing_to_undo", "no mitigation was planned");
    if (!allowed(caller, status, deps)) {
      return fail(c, 403, "forbidden", `${caller} may not undo a ${status.plan.risk}-risk mitigation`);
    }
    const result = await deps.undo(id, caller);
    if (result.ok) return c.json({ planId: result.planId, state: result.state, detail: result.detail });
    const code = result.reason === "refused" ? "changed_since_applied" : result.reason.replaceAll("-", "_");
    return fail(c, result.reason === "no-incident" ? 404 : 409, code, result.message);
  });

  app.post("/api/incidents/:id/approve", async (c) => {
    const caller = callerOf(c.req.header("authorization"), deps.apiTokens);
    if (caller === null) return fail(c, 401, "unauthorized", "a valid API token is required");
    const id = await find(c);
    if (id === null) return fail(c, 404, "not_found", `no incident ${c.req.param("id")}`);
    const body = decisionBody.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return fail(c, 400, "invalid_payload", "expected { planId, approved?, reason? }");
    const status = await deps.mitigationOf(id);
    if (status === null || status.plan.id !== body.data.planId || status.state !== "awaiting-approval") {
      return fail(
        c,
        409,
        "stale_plan",
        "that plan does not await a decision (superseded, decided or unknown)",
      );
    }
    if (!allowed(caller, status, deps)) {
      return fail(c, 403, "forbidden", `${caller} may not decide a ${status.plan.risk}-risk mitigation`);
    }
    if (body.data.approved && status.plan.requiredApprovals > 1) {
      return fail(
        c,
        403,
        "needs_more_approvers",
        `this plan needs ${status.plan.requiredApprovals} different approvers`,
      );
    }
    const decision: MitigationDecision = {
      incidentId: id,
      planId: status.plan.id,
      approved: body.data.approved,
      by: [caller],
      at: deps.clock.now().toISOString(),
      ...(body.data.reason ? { reason: body.data.reason } : {}),
    };
    // Approval runs apply and verification, which takes the verification window: answer now.
    void deps.decide(decision).catch((error: unknown) => {
      deps.logger?.warn("mitigation decision failed", { incidentId: id, message: (error as Error).message });
    });
    return c.json({ planId: status.plan.id, decision: body.data.approved ? "approved" : "rejected" }, 202);
  });
}

function allowed(caller: string, status: MitigationStatus, deps: MitigationRouteDeps): boolean {
  return deps.approvers[status.plan.risk].users.includes(caller);
}

/** `api:<name>` for a known token; compared in constant time so a token cannot be guessed by timing. */
function callerOf(header: string | undefined, tokens: Record<string, string>): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  if (!match) return null;
  const presented = digest(match[1]!);
  for (const [name, token] of Object.entries(tokens)) {
    if (timingSafeEqual(presented, digest(token))) return `api:${name}`;
  }
  return null;
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}
