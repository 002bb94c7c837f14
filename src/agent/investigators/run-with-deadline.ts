import type { InvestigationGap, InvestigatorResult } from "../../domain/evidence.ts";
import type { DataSources } from "../../ports/data-sources.ts";
import { SourceUnavailableError } from "../../ports/source-errors.ts";
import type { InvestigationScope } from "../investigation-scope.ts";
import type { Investigator } from "./investigator.ts";

class DeadlineExceeded extends Error {}

/**
 * Runs one investigator with its own deadline. A timeout or a failure becomes an investigation gap
 * in the result: one bad source must never fail the incident.
 */
export async function runWithDeadline(
  investigator: Investigator,
  scope: InvestigationScope,
  sources: DataSources,
  deadlineMs: number,
): Promise<InvestigatorResult> {
  const started = performance.now();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // Settle first, so the race reports the timeout rather than the investigator's reaction to the abort.
      reject(
        new DeadlineExceeded(`${investigator.name} investigator exceeded its ${deadlineMs} ms deadline`),
      );
      controller.abort();
    }, deadlineMs);
  });
  try {
    const output = await Promise.race([investigator.run(scope, sources, controller.signal), deadline]);
    return { investigator: investigator.name, ...output, elapsedMs: performance.now() - started };
  } catch (error) {
    return {
      investigator: investigator.name,
      findings: [],
      evidence: [],
      anomalies: [],
      gaps: [gapFrom(investigator, error)],
      elapsedMs: performance.now() - started,
    };
  } finally {
    clearTimeout(timer);
  }
}

function gapFrom(investigator: Investigator, error: unknown): InvestigationGap {
  if (error instanceof DeadlineExceeded) {
    return {
      investigator: investigator.name,
      source: investigator.name,
      reason: "timeout",
      message: error.message,
    };
  }
  if (error instanceof SourceUnavailableError) {
    return {
      investigator: investigator.name,
      source: error.source,
      reason: "unavailable",
      message: error.message,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { investigator: investigator.name, source: investigator.name, reason: "error", message };
}
