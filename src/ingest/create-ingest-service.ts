import type { AuditEntry, IncidentRef, IngestRepository, IngestTransaction } from "./ingest-repository.ts";
import type { IngestResult, NormalizedDelivery } from "./normalized-delivery.ts";

export interface IngestService {
  /** Stores the delivery and answers; it is committed when this resolves. */
  ingest(delivery: NormalizedDelivery): Promise<IngestResult>;
}

export interface IngestServiceDeps {
  repository: IngestRepository;
  /** Called after the commit that opened an incident, e.g. to wake a worker; never part of the answer. */
  onIncidentOpened?: (incidentId: string) => void;
}

/**
 * The ingest rules: alerts group into incidents by the sender's group key, or join an open
 * incident that already holds one of their fingerprints; a new alert in an open incident adds
 * context; resolved alerts resolve the incident once none is firing; a redelivery changes nothing
 * and gets the same answer. Opening an incident enqueues its investigation in the same transaction.
 */
export function createIngestService({ repository, onIncidentOpened = () => {} }: IngestServiceDeps): IngestService {
  return {
    async ingest(delivery) {
      const result = await repository.transaction((transaction) => ingestInTransaction(transaction, delivery));
      if (result.outcome === "opened" && result.incidentId !== null) onIncidentOpened(result.incidentId);
      return result;
    },
  };
}

async function ingestInTransaction(tx: IngestTransaction, delivery: NormalizedDelivery): Promise<IngestResult> {
  const claim = await tx.claimDelivery(delivery);
  if (!claim.claimed) {
    return { incidentId: claim.incidentId, alerts: claim.alerts, duplicate: true, outcome: "duplicate" };
  }
  const actor = delivery.source;
  if (delivery.alerts.length === 0) {
    await tx.completeDelivery(claim.deliveryId, { incidentId: null, alerts: 0, ignored: true }, []);
    return { incidentId: null, alerts: 0, duplicate: false, outcome: "ignored" };
  }

  const first = delivery.alerts.find(({ alert }) => alert.status === "firing") ?? delivery.alerts[0]!;
  const query = {
    source: delivery.source,
    groupKey: first.alert.groupKey,
    fingerprints: delivery.alerts.map(({ alert }) => alert.fingerprint),
  };
  const anyFiring = delivery.alerts.some(({ alert }) => alert.status === "firing");
  const anyResolved = delivery.alerts.some(({ alert }) => alert.status === "resolved");

  let incident: IncidentRef | null = await tx.findOpenIncident(query);
  let opened = false;
  let recordedResolved = false;
  if (incident === null && !anyFiring) {
    // Only resolutions, and nothing open they belong to: attach them to the incident they end, if we saw it.
    incident = await tx.findLatestIncident(query);
  }
  if (incident === null) {
    const created = await tx.openIncident({
      source: delivery.source,
      groupKey: first.alert.groupKey,
      externalId: first.alert.externalId,
      title: first.alert.summary || first.alert.name,
      severity: first.alert.severity,
      // A resolution for an incident we never saw is recorded, but there is nothing left to investigate.
      status: anyFiring ? "open" : "resolved",
    });
    incident = created;
    opened = created.created && created.status === "open";
    recordedResolved = created.created && created.status === "resolved";
  }

  await tx.upsertAlerts(incident.id, delivery.alerts);
  const resolved = anyResolved && incident.status === "open" && (await tx.resolveIfSettled(incident.id));

  const audit: AuditEntry[] = [];
  if (opened || recordedResolved) {
    audit.push({ incidentId: incident.id, type: "incident.opened", actor, data: { groupKey: query.groupKey } });
  }
  if (opened) {
    await tx.enqueueInvestigation(incident.id);
    audit.push({ incidentId: incident.id, type: "investigation.queued", actor: "vigil", data: {} });
  }
  audit.push({
    incidentId: incident.id,
    type: "alert.received",
    actor,
    data: {
      event: delivery.event,
      deliveryId: claim.deliveryId,
      firing: delivery.alerts.filter(({ alert }) => alert.status === "firing").map(({ alert }) => alert.fingerprint),
      resolved: delivery.alerts.filter(({ alert }) => alert.status === "resolved").map(({ alert }) => alert.fingerprint),
    },
  });
  if (resolved || recordedResolved) audit.push({ incidentId: incident.id, type: "incident.resolved", actor, data: {} });

  const alerts = delivery.alerts.length;
  await tx.completeDelivery(claim.deliveryId, { incidentId: incident.id, alerts, ignored: false }, audit);
  const outcome = opened ? "opened" : resolved || recordedResolved ? "resolved" : "updated";
  return { incidentId: incident.id, alerts, duplicate: false, outcome };
}
