import { FailoverConflictError } from "../../ports/failover.ts";
import { SourceUnavailableError } from "../../ports/source-errors.ts";
import { describeObject } from "../kubernetes-edits.ts";
import { verifyRecovery } from "../verify-recovery.ts";
import type {
  CatalogAction,
  ExecutePorts,
  ExecutionRecord,
  Precondition,
  StepOutcome,
} from "./catalog-action.ts";
import { notConfigured } from "./catalog-action.ts";

/**
 * Switches the target's traffic to its standby through the `FailoverPort`; undo fails back to the
 * primary. Refused when no standby is configured or traffic is already on it.
 */
export const failoverAction: CatalogAction = {
  action: "failover",
  async preconditions(request, ports) {
    return (await failoverAction.plan(request, ports)).preconditions;
  },
  async plan(request, ports) {
    const name = describeObject(request.target);
    const summary = `Fail ${name} over to its standby`;
    if (!ports.failover) {
      return refused(summary, [
        {
          description: "a failover endpoint is configured",
          ok: false,
          detail: "set policy.failover in vigil.yaml",
        },
      ]);
    }
    const status = await ports.failover.status(request.target);
    if (!status) return refused(summary, [{ description: `${name} has a standby`, ok: false }]);
    const preconditions: Precondition[] = [
      { description: `${name} has a standby`, ok: true },
      {
        description: "traffic is on the primary now",
        ok: status.active === "primary",
        ...(status.active === "primary" ? {} : { detail: "it is already on the standby" }),
      },
    ];
    if (status.active !== "primary") return refused(summary, preconditions);
    const sides = status.primary && status.standby ? ` (${status.primary} → ${status.standby})` : "";
    return {
      summary: `${summary}${sides}`,
      preconditions,
      changes: [{ path: `${name}: active`, before: "primary", after: "standby" }],
      record: {
        type: "failover",
        target: request.target,
        version: status.version,
        before: "primary",
        after: "standby",
      },
    };
  },
  apply: (record, ports) => move(record, ports, "before", "after"),
  verify: verifyRecovery,
  undo: (record, ports) => move(record, ports, "after", "before"),
};

async function move(
  record: ExecutionRecord,
  ports: ExecutePorts,
  from: "before" | "after",
  to: "before" | "after",
): Promise<StepOutcome> {
  if (record.type !== "failover") throw new Error(`failover cannot execute a ${record.type} record`);
  if (!ports.failover) return notConfigured("no failover endpoint is configured");
  const name = describeObject(record.target);
  const failed = (failure: "missing" | "changed" | "conflict" | "unavailable", message: string) =>
    ({ ok: false, failure, message, compensated: true }) as const;
  try {
    const live = await ports.failover.status(record.target);
    if (!live) return failed("missing", `${name} no longer has a standby`);
    if (live.active !== record[to]) {
      if (live.active !== record[from]) return failed("changed", `${name} switched since; nothing done`);
      await ports.failover.switchTo(record.target, record[to], { version: live.version });
    }
  } catch (error) {
    if (error instanceof FailoverConflictError) {
      return failed("conflict", `${name} was switched by someone else at the same moment`);
    }
    if (error instanceof SourceUnavailableError) return failed("unavailable", error.message);
    throw error;
  }
  return {
    ok: true,
    detail: `${name} serves from its ${record[to]}`,
    before: record[from],
    after: record[to],
  };
}

function refused(summary: string, preconditions: Precondition[]) {
  return { summary, preconditions, changes: [], record: null };
}
