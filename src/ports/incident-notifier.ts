import type { MitigationState } from "../domain/mitigation-plan.ts";

/**
 * Where people hear about an incident: Slack, PagerDuty notes. Every method is idempotent per
 * incident (a retried job may call it again) and must never throw into the caller: a notifier that
 * cannot reach its service logs and records that, the investigation goes on.
 */
export interface IncidentNotifier {
  /** An investigation began (Slack thread line; PagerDuty acknowledge, when configured). */
  investigationStarted(incidentId: string): Promise<void>;
  /** The RCA is stored (with its plan, when there is one): post the card / the note, once. */
  rcaReady(incidentId: string): Promise<void>;
  /** One line of progress for the incident's thread, e.g. a gap found. */
  progress(incidentId: string, text: string): Promise<void>;
  /** The mitigation changed state: update the card in place, add a note. */
  mitigationChanged(incidentId: string, state: MitigationState, by?: string): Promise<void>;
}

/** Tells every notifier, in order; one failing does not stop the others. */
export function fanOutNotifiers(notifiers: IncidentNotifier[]): IncidentNotifier {
  const each = async (call: (notifier: IncidentNotifier) => Promise<void>) => {
    await Promise.allSettled(notifiers.map(call));
  };
  return {
    investigationStarted: (id) => each((n) => n.investigationStarted(id)),
    rcaReady: (id) => each((n) => n.rcaReady(id)),
    progress: (id, text) => each((n) => n.progress(id, text)),
    mitigationChanged: (id, state, by) => each((n) => n.mitigationChanged(id, state, by)),
  };
}

export const silentNotifier: IncidentNotifier = fanOutNotifiers([]);
