import type { MitigationDecision, MitigationStatus } from "../../src/domain/mitigation-plan.ts";
import type { IncidentFacts, SlackIncidentLookup } from "../../src/notify/slack-incident-lookup.ts";
import { buildRcaCard, type RcaCard } from "./build-rca-card.ts";

export interface CardSources {
  lookup: SlackIncidentLookup;
  mitigationOf: (incidentId: string) => Promise<MitigationStatus | null>;
  decisions: {
    decisionOf(planId: string): Promise<MitigationDecision | null>;
    approvalsOf(planId: string): Promise<Array<{ by: string; at: string }>>;
  };
  publicUrl: string | null;
}

/** The incident's card from what is stored now; null when the incident does not exist. */
export async function loadRcaCard(
  sources: CardSources,
  incidentId: string,
): Promise<{ card: RcaCard; facts: IncidentFacts; mitigation: MitigationStatus | null } | null> {
  const facts = await sources.lookup.get(incidentId);
  if (facts === null) return null;
  const stored = await sources.mitigationOf(incidentId);
  const [decision, recorded] =
    stored === null
      ? [null, []]
      : await Promise.all([
          sources.decisions.decisionOf(stored.plan.id),
          sources.decisions.approvalsOf(stored.plan.id),
        ]);
  const mitigation = stored === null ? null : withDecision(stored, decision);
  const approvals = mergeApprovals(stored?.approvals ?? [], recorded);
  const card = buildRcaCard({
    incident: { id: facts.id, title: facts.title, severity: facts.severity, status: facts.status },
    rca: facts.rca,
    mitigation,
    approvals,
    publicUrl: sources.publicUrl,
  });
  return { card, facts, mitigation };
}

/**
 * A decision is stored before the executor hears of it; until the executor moves the plan on,
 * the card shows the decision so nobody clicks Approve on a plan that is already decided.
 */
export function withDecision(
  status: MitigationStatus,
  decision: MitigationDecision | null,
): MitigationStatus {
  if (decision === null || status.state !== "awaiting-approval") return status;
  const state = decision.approved ? "approved" : "rejected";
  const by = decision.approved ? undefined : decision.by[0];
  return {
    ...status,
    state,
    history: [...status.history, { state, at: decision.at, ...(by === undefined ? {} : { by }) }],
    ...(decision.reason === undefined ? {} : { detail: decision.reason }),
  };
}

function mergeApprovals(
  ...lists: Array<ReadonlyArray<{ by: string; at: string }>>
): Array<{ by: string; at: string }> {
  const byUser = new Map<string, { by: string; at: string }>();
  for (const approval of lists.flat()) if (!byUser.has(approval.by)) byUser.set(approval.by, approval);
  return [...byUser.values()].sort((a, b) => a.at.localeCompare(b.at));
}
