import { randomUUID } from "node:crypto";
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
  createId?: () => string;
}

/** A concurrent delivery opened the same group first; the transaction is rolled back and retried. */
class LostRaceToOpen extends Error {}

/**
 * The ingest rules: alerts group into incidents by the sender's group key, or join an open
 * incident that already holds one of their fingerprints; a new alert in an open incident adds
 * context; resolved alerts resolve the incident once none is firing; a redelivery changes nothing
 * and gets the same answer. Opening an incident enqueues its investigation in the same transaction.
 *
 * Statements are pipelined: a delivery that joins an incident costs two round trips, one that
 * opens an incident three (the enqueue must be seen to succeed before COMMIT).
 */
export function createIngestService({
  repository,
  onIncidentOpened = () => {},
  createId = randomUUID,
}: IngestServiceDeps): IngestService {
  return {
    async ingest(delivery) {
      for (let attempt = 1; ; attempt += 1) {
        try {
          const result = await repository.transaction((transaction) =>
            ingestOnce(transaction, delivery, createId),
          );
          if (result.outcome === "opened" && result.incidentId !== null) onIncidentOpened(result.incidentId);
          return result;
        } catch (error) {
          if (!(error instanceof LostRaceToOpen) || attempt >= 3) throw error;
        }
      }
    },
  };
}

async function ingestOnce(
  tx: IngestTransaction,
  delivery: NormalizedDelivery,
  createId: () => string,
): Promise<IngestResult> {
  const actor = delivery.source;
  if (delivery.alerts.length === 0) {
    const claim = await tx.claimDelivery(delivery);
    if (!claim.claimed) return duplicateOf(claim);
    await Promise.all([
      tx.completeDelivery(claim.deliveryId, { incidentId: null, alerts: 0, ignored: true }, []),
      tx.commit(),
    ]);
    return { incidentId: null, alerts: 0, duplicate: false, outcome: "ignored" };
  }

  const first = delivery.alerts.find(({ alert }) => alert.status === "firing") ?? delivery.alerts[0]!;
  const groupKey = first.alert.groupKey;
  const fingerprints = delivery.alerts.map(({ alert }) => alert.fingerprint);
  const firing = delivery.alerts
    .filter(({ alert }) => alert.status === "firing")
    .map(({ alert }) => alert.fingerprint);
  const resolvedNow = delivery.alerts
    .filter(({ alert }) => alert.status === "resolved")
    .map(({ alert }) => alert.fingerprint);
  const alerts = delivery.alerts.length;

  const [claim, found] = await Promise.all([
    tx.claimDelivery(delivery),
    tx.findIncident({ source: delivery.source, groupKey, fingerprints }),
  ]);
  if (!claim.claimed) return duplicateOf(claim);
  const received = (incidentId: string): AuditEntry => ({
    incidentId,
    type: "alert.received",
    actor,
    data: { event: delivery.event, deliveryId: claim.deliveryId, firing, resolved: resolvedNow },
  });

  // Firing alerts join an open incident; resolutions with nothing open end the incident they belong to.
  if (found !== null && (found.status === "open" || firing.length === 0)) {
    const [, resolved] = await Promise.all([
      tx.upsertAlerts(found.id, delivery.alerts),
      resolvedNow.length > 0 && found.status === "open" ? tx.resolveIfSettled(found.id, actor) : false,
      tx.completeDelivery(claim.deliveryId, { incidentId: found.id, alerts, ignored: false }, [
        received(found.id),
      ]),
      tx.commit(),
    ]);
    return { incidentId: found.id, alerts, duplicate: false, outcome: resolved ? "resolved" : "updated" };
  }

  const incident: IncidentRef = { id: createId(), status: firing.length > 0 ? "open" : "resolved" };
  const audit: AuditEntry[] = [
    { incidentId: incident.id, type: "incident.opened", actor, data: { groupKey } },
  ];
  if (incident.status === "open")
    audit.push({ incidentId: incident.id, type: "investigation.queued", actor: "vigil", data: {} });
  audit.push(received(incident.id));
  // A resolution for an incident Vigil never saw is recorded, but there is nothing left to investigate.
  if (incident.status === "resolved")
    audit.push({ incidentId: incident.id, type: "incident.resolved", actor, data: {} });

  const steps = await Promise.allSettled([
    tx.openIncident({
      id: incident.id,
      source: delivery.source,
      groupKey,
      externalId: first.alert.externalId,
      title: first.alert.summary || first.alert.name,
      severity: first.alert.severity,
      status: incident.status,
    }),
    tx.upsertAlerts(incident.id, delivery.alerts),
    incident.status === "open" ? tx.enqueueInvestigation(incident.id) : undefined,
    tx.completeDelivery(claim.deliveryId, { incidentId: incident.id, alerts, ignored: false }, audit),
  ]);
  const [opened] = steps;
  if (opened.status === "fulfilled" && !opened.value.created) throw new LostRaceToOpen();
  const failed = steps.find((step) => step.status === "rejected");
  if (failed !== undefined) throw failed.reason;
  await tx.commit();
  return {
    incidentId: incident.id,
    alerts,
    duplicate: false,
    outcome: incident.status === "open" ? "opened" : "resolved",
  };
}

function duplicateOf(claim: { incidentId: string | null; alerts: number }): IngestResult {
  return { incidentId: claim.incidentId, alerts: claim.alerts, duplicate: true, outcome: "duplicate" };
}
