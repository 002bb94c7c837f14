import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { MitigationDecision, MitigationStatus } from "../../../src/domain/mitigation-plan.ts";
import type { AppEnv } from "../../../src/http/app-env.ts";
import { registerMitigationRoutes } from "../../../src/http/register-mitigation-routes.ts";
import type { UndoResult } from "../../../src/mitigation/create-mitigation-executor.ts";

const INCIDENT = "7d0f8a52-3c2a-4a7e-9a55-1f1d2b3c4d5e";
const OTHER = "11111111-2222-4333-8444-555555555555";

function status(
  overrides: Partial<MitigationStatus> = {},
  risk: "low" | "medium" | "high" = "medium",
): MitigationStatus {
  return {
    plan: {
      id: "plan-1",
      incidentId: INCIDENT,
      action: "rollback",
      target: { kind: "Deployment", namespace: "shop", name: "checkout" },
      risk,
      mode: "approve",
      summary: "Roll back",
      diff: "",
      changes: [],
      preconditions: [],
      requiredApprovals: risk === "high" ? 2 : 1,
      createdAt: "2024-09-17T18:50:00.000Z",
    },
    state: "applied",
    approvals: [],
    history: [],
    ...overrides,
  };
}

function appWith(
  current: MitigationStatus | null,
  undoResult: UndoResult = { ok: true, planId: "plan-1", state: "undone", detail: "restored" },
) {
  const calls = { undo: [] as Array<[string, string]>, decide: [] as MitigationDecision[] };
  const app = new Hono<AppEnv>();
  const none = { users: [] as string[], groups: [] as string[] };
  registerMitigationRoutes(app, {
    apiTokens: { oncall: "token-oncall", intern: "token-intern" },
    approvers: {
      low: none,
      medium: { users: ["api:oncall", "U1"], groups: [] },
      high: { users: ["api:oncall"], groups: [] },
    },
    incidentExists: async (id) => id === INCIDENT,
    mitigationOf: async () => current,
    undo: async (id, by) => {
      calls.undo.push([id, by]);
      return undoResult;
    },
    decide: async (decision) => {
      calls.decide.push(decision);
      return { resumed: true, state: decision.approved ? "approved" : "rejected" };
    },
    clock: { now: () => new Date("2024-09-17T19:00:00Z") },
  });
  const post = (path: string, token: string | null, body?: unknown) =>
    app.request(path, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return { app, calls, post };
}

describe("POST /api/incidents/:id/undo", () => {
  it("undoes for an allowed API caller, as api:<name>", async () => {
    const { post, calls } = appWith(status());
    const response = await post(`/api/incidents/${INCIDENT}/undo`, "token-oncall");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ planId: "plan-1", state: "undone", detail: "restored" });
    expect(calls.undo).toEqual([[INCIDENT, "api:oncall"]]);
  });

  it("answers 401 without a valid token and 403 for a caller who is not an approver, undoing nothing", async () => {
    const { post, calls } = appWith(status());
    expect((await post(`/api/incidents/${INCIDENT}/undo`, null)).status).toBe(401);
    expect((await post(`/api/incidents/${INCIDENT}/undo`, "token-wrong")).status).toBe(401);
    const forbidden = await post(`/api/incidents/${INCIDENT}/undo`, "token-intern");
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual({
      error: { code: "forbidden", message: "api:intern may not undo a medium-risk mitigation" },
    });
    expect(calls.undo).toEqual([]);
  });

  it("answers 404 for an unknown incident and 409 when there is nothing to undo", async () => {
    expect((await appWith(status()).post(`/api/incidents/${OTHER}/undo`, "token-oncall")).status).toBe(404);
    expect((await appWith(status()).post("/api/incidents/not-a-uuid/undo", "token-oncall")).status).toBe(404);
    expect((await appWith(null).post(`/api/incidents/${INCIDENT}/undo`, "token-oncall")).status).toBe(409);
    const again = appWith(status({ state: "undone" }), {
      ok: false,
      reason: "already-undone",
      message: "the mitigation was already undone",
    });
    const response = await again.post(`/api/incidents/${INCIDENT}/undo`, "token-oncall");
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({
      error: { code: "already_undone", message: "the mitigation was already undone" },
    });
  });

  it("answers 409 and says why when the objects changed since the apply", async () => {
    const { post } = appWith(status(), {
      ok: false,
      reason: "refused",
      message: "changed since applied — nothing undone: …",
    });
    const response = await post(`/api/incidents/${INCIDENT}/undo`, "token-oncall");
    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("changed_since_applied");
  });
});

describe("POST /api/incidents/:id/approve", () => {
  it("decides a plan that awaits approval and answers 202 while apply runs", async () => {
    const { post, calls } = appWith(status({ state: "awaiting-approval" }));
    const response = await post(`/api/incidents/${INCIDENT}/approve`, "token-oncall", { planId: "plan-1" });
    expect(response.status).toBe(202);
    expect(calls.decide).toEqual([
      {
        incidentId: INCIDENT,
        planId: "plan-1",
        approved: true,
        by: ["api:oncall"],
        at: "2024-09-17T19:00:00.000Z",
      },
    ]);
  });

  it("refuses a stale plan, a plan needing two approvers, and callers who may not approve", async () => {
    const stale = appWith(status({ state: "awaiting-approval" }));
    expect(
      (await stale.post(`/api/incidents/${INCIDENT}/approve`, "token-oncall", { planId: "plan-0" })).status,
    ).toBe(409);
    const decided = appWith(status({ state: "approved" }));
    expect(
      (await decided.post(`/api/incidents/${INCIDENT}/approve`, "token-oncall", { planId: "plan-1" })).status,
    ).toBe(409);
    const high = appWith(status({ state: "awaiting-approval" }, "high"));
    const two = await high.post(`/api/incidents/${INCIDENT}/approve`, "token-oncall", { planId: "plan-1" });
    expect(two.status).toBe(403);
    expect(
      (
        await high.post(`/api/incidents/${INCIDENT}/approve`, "token-oncall", {
          planId: "plan-1",
          approved: false,
        })
      ).status,
    ).toBe(202);
    const intern = appWith(status({ state: "awaiting-approval" }));
    expect(
      (await intern.post(`/api/incidents/${INCIDENT}/approve`, "token-intern", { planId: "plan-1" })).status,
    ).toBe(403);
    expect([...stale.calls.decide, ...decided.calls.decide, ...intern.calls.decide]).toEqual([]);
    expect(high.calls.decide.map((decision) => decision.approved)).toEqual([false]);
  });
});

describe("GET /api/incidents/:id/mitigation", () => {
  it("shows where the mitigation stands, and 404 when there is none", async () => {
    const { app } = appWith(status());
    const response = await app.request(`/api/incidents/${INCIDENT}/mitigation`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as MitigationStatus).state).toBe("applied");
    expect((await appWith(null).app.request(`/api/incidents/${INCIDENT}/mitigation`)).status).toBe(404);
  });
});
