import type { Clock } from "../ports/clock.ts";
import { type IncidentNotifier, silentNotifier } from "../ports/incident-notifier.ts";
import type { InvestigationGraph } from "./graph.ts";
import type { InvestigationRepository } from "./investigation-repository.ts";

export type InvestigationOutcome = "finished" | "awaiting-approval" | "already-finished" | "no-alerts";

export interface InvestigationRunnerDeps {
  graph: InvestigationGraph;
  repository: InvestigationRepository;
  /** The clock of one incident's investigation (a replay pins it at the recording's `now`). */
  clockFor: (incidentId: string) => Clock;
  /** Told when an investigation starts (never when it resumes). Default: silent. */
  notifier?: IncidentNotifier;
}

/**
 * Runs or resumes one incident's graph. The thread id is the incident id, so a job that is retried
 * after a crash picks up at the last checkpoint instead of starting over, and a finished or
 * interrupted (awaiting approval) investigation is never run again.
 */
export function createInvestigationRunner({
  graph,
  repository,
  clockFor,
  notifier = silentNotifier,
}: InvestigationRunnerDeps) {
  return async function investigate(incidentId: string): Promise<InvestigationOutcome> {
    const config = { configurable: { thread_id: incidentId } };
    const snapshot = await graph.getState(config);
    if (snapshot.tasks.some((task) => task.interrupts.length > 0)) return "awaiting-approval";
    const started = snapshot.values && "incidentId" in snapshot.values;
    if (started && snapshot.next.length === 0) return "already-finished";

    if (started) {
      await repository.audit(incidentId, "investigation.resumed", { next: snapshot.next });
      await graph.invoke(null, config);
    } else {
      const alerts = await repository.alertsOf(incidentId);
      if (alerts.length === 0) return "no-alerts";
      const now = Math.floor(clockFor(incidentId).now().getTime() / 1000);
      await repository.audit(incidentId, "investigation.started", { alerts: alerts.length, now });
      await notifier.investigationStarted(incidentId).catch(() => undefined);
      await graph.invoke({ incidentId, now, alerts }, config);
    }
    const after = await graph.getState(config);
    const waiting = after.tasks.some((task) => task.interrupts.length > 0);
    await repository.audit(
      incidentId,
      waiting ? "investigation.awaiting-approval" : "investigation.finished",
      {},
    );
    return waiting ? "awaiting-approval" : "finished";
  };
}
