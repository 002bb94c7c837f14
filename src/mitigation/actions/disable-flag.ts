import {
  type FeatureFlag,
  FeatureFlagConflictError,
  type FlagEvaluation,
} from "../../ports/feature-flags.ts";
import { SourceUnavailableError } from "../../ports/source-errors.ts";
import { leafChanges, sameJson } from "../merge-patch.ts";
import { verifyRecovery } from "../verify-recovery.ts";
import type {
  CatalogAction,
  ExecutePorts,
  ExecutionRecord,
  Precondition,
  StepOutcome,
} from "./catalog-action.ts";
import { notConfigured } from "./catalog-action.ts";

const OFF_NAMES = ["off", "disabled", "false", "control"];
/** flagd re-reads its sources within seconds; give it this long to serve the change. */
const READ_BACK_ATTEMPTS = 10;
const READ_BACK_INTERVAL_MS = 1_000;

/**
 * Turns a feature flag off through the `FeatureFlagStore`: the default variant becomes the flag's
 * off variant and its targeting rules go (so no segment still gets it on); a flag without an off
 * variant is set to `state: DISABLED`. After writing, flagd's evaluation API is asked until it
 * serves the change. Undo writes the recorded definition back.
 */
export const disableFlagAction: CatalogAction = {
  action: "disable-flag",
  async preconditions(request, ports) {
    return (await disableFlagAction.plan(request, ports)).preconditions;
  },
  async plan(request, ports) {
    const key = request.target.name;
    const summary = `Disable feature flag ${key}`;
    if (!ports.flags) {
      return refused(summary, [
        {
          description: "a feature-flag store is configured",
          ok: false,
          detail: "set policy.flagd in vigil.yaml",
        },
      ]);
    }
    const snapshot = await ports.flags.read(key);
    if (!snapshot) return refused(summary, [{ description: `flag ${key} exists`, ok: false }]);
    const before = snapshot.flag;
    const after = turnedOff(before);
    const preconditions: Precondition[] = [
      { description: `flag ${key} exists`, ok: true },
      {
        description: `flag ${key} is on now`,
        ok: !sameJson(before, after),
        ...(sameJson(before, after) ? { detail: "it is already off" } : {}),
      },
    ];
    if (!preconditions.every((check) => check.ok)) return refused(summary, preconditions);
    const offText = after.state === "DISABLED" ? "state DISABLED" : `variant ${after.defaultVariant}`;
    return {
      summary: `Disable feature flag ${key} (serve ${offText})`,
      preconditions,
      changes: leafChanges(`flag ${key}`, before, after),
      record: { type: "feature-flag", version: snapshot.version, before, after },
    };
  },
  apply: (record, ports) => move(record, ports, "before", "after"),
  verify: verifyRecovery,
  undo: (record, ports) => move(record, ports, "after", "before"),
};

/** The flag as it is when off. */
export function turnedOff(flag: FeatureFlag): FeatureFlag {
  const off = Object.entries(flag.variants).find(
    ([name, value]) => value === false || OFF_NAMES.includes(name.toLowerCase()),
  )?.[0];
  if (off === undefined) return { ...flag, state: "DISABLED" };
  const { targeting: _targeting, ...rest } = flag;
  return { ...rest, defaultVariant: off };
}

async function move(
  record: ExecutionRecord,
  ports: ExecutePorts,
  from: "before" | "after",
  to: "before" | "after",
): Promise<StepOutcome> {
  if (record.type !== "feature-flag") throw new Error(`disable-flag cannot execute a ${record.type} record`);
  if (!ports.flags) return notConfigured("no feature-flag store is configured");
  const key = record[to].key;
  const failed = (failure: "missing" | "changed" | "conflict" | "unavailable", message: string) =>
    ({ ok: false, failure, message, compensated: true }) as const;
  try {
    const live = await ports.flags.read(key);
    if (!live) return failed("missing", `flag ${key} no longer exists`);
    if (!sameJson(live.flag, record[to])) {
      if (!sameJson(live.flag, record[from])) {
        const since = from === "before" ? "it was planned" : "Vigil changed it";
        return failed("changed", `flag ${key} changed since ${since}; nothing written`);
      }
      await ports.flags.write(record[to], { version: live.version });
    }
  } catch (error) {
    if (error instanceof FeatureFlagConflictError) {
      return failed("conflict", `flag ${key} was changed by someone else at the same moment`);
    }
    if (error instanceof SourceUnavailableError) return failed("unavailable", error.message);
    throw error;
  }
  const served = await readBack(key, record[to], ports);
  return {
    ok: true,
    detail: served,
    before: record[from],
    after: record[to],
  };
}

/** Asks the provider until it serves the written definition; says what it saw either way. */
async function readBack(key: string, flag: FeatureFlag, ports: ExecutePorts): Promise<string> {
  let last: FlagEvaluation | null = null;
  for (let attempt = 0; attempt < READ_BACK_ATTEMPTS; attempt += 1) {
    try {
      last = await ports.flags!.evaluate(key);
      if (serves(last, flag)) return `flagd serves ${describe(last)}`;
    } catch (error) {
      if (!(error instanceof SourceUnavailableError)) throw error;
    }
    await ports.sleep(READ_BACK_INTERVAL_MS);
  }
  return `written, but flagd still serves ${last ? describe(last) : "nothing readable"}`;
}

function serves(evaluation: FlagEvaluation, flag: FeatureFlag): boolean {
  if (flag.state === "DISABLED") return !evaluation.found || evaluation.reason === "DISABLED";
  if (!evaluation.found) return false;
  // With targeting left in place, the default variant is only what a context matching no rule gets.
  return (
    evaluation.variant === flag.defaultVariant ||
    sameJson(evaluation.value, flag.variants[flag.defaultVariant])
  );
}

function describe(evaluation: FlagEvaluation): string {
  if (!evaluation.found) return `no value (${evaluation.reason})`;
  return `${evaluation.variant ?? JSON.stringify(evaluation.value)} (${evaluation.reason})`;
}

function refused(summary: string, preconditions: Precondition[]) {
  return { summary, preconditions, changes: [], record: null };
}
