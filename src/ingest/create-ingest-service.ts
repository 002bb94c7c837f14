import { randomUUID } from "node:crypto";
import {
  type AuditEntry,
  DuplicateDeliveryError,
  type IngestRepository,
  type IngestTransaction,
  type StoredAnswer,
} from "./ingest-repository.ts";
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
 * Statements are pipelined: a delivery costs two round trips to Postgres, COMMIT included.
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
          if (error instanceof DuplicateDeliveryError) {
            // A concurrent copy of this delivery committed first; answer as it was answered.
            const stored = await repository.storedAnswer(delivery);
            if (stored !== null) return duplicateOf(stored);
          }
          if (!(error instanceof LostRaceToOpen || error instanceof DuplicateDeliveryError) || attempt >= 3)
            throw error;
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
  const deliveryId = createId();
  if (delivery.alerts.length === 0) {
    // A redelivery fails the insert with DuplicateDeliveryError and is answered from the stored answer.
    await inOrder([
      tx.recordDelivery(delivery, { id: deliveryId, incidentId: null, alerts: 0 }, []),
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
  const received = { event: delivery.event, deliveryId, firing, resolved: resolvedNow };

  const [stored, found] = await inOrder([
    tx.findDelivery(delivery),
    tx.findIncident({ source: delivery.source, groupKey, fingerprints }),
  ]);
  if (stored !== null) return duplicateOf(stored);

  // Firing alerts join an open incident; resolutions with nothing open end the incident they belong to.
  if (found !== null && (found.status === "open" || firing.length === 0)) {
    const audit: AuditEntry[] = [{ incidentId: found.id, type: "alert.received", actor, data: received }];
    const [, resolved] = await inOrder([
      tx.upsertAlerts(found.id, delivery.alerts),
      resolvedNow.length > 0 && found.status === "open" ? tx.resolveIfSettled(found.id, actor) : false,
      tx.recordDelivery(delivery, { id: deliveryId, incidentId: found.id, alerts }, audit),
      tx.commit(),
    ]);
    return { incidentId: found.id, alerts, duplicate: false, outcome: resolved ? "resolved" : "updated" };
  }

  const incidentId = createId();
  const status = firing.length > 0 ? "open" : "resolved";
  const audit: AuditEntry[] = [
    { incidentId, type: "incident.opened", actor, data: { groupKey, ...received } },
  ];
  if (status === "open") audit.push({ incidentId, type: "investigation.queued", actor: "vigil", data: {} });
  // A resolution for an incident Vigil never saw is recorded, but there is nothing left to investigate.
  else audit.push({ incidentId, type: "incident.resolved", actor, data: {} });

  // COMMIT is pipelined too: if a concurrent delivery opened this group first, the alerts' link to
  // the incident that was not inserted fails, and the COMMIT becomes a rollback.
  const steps = await Promise.allSettled([
    tx.openIncident({
      id: incidentId,
      source: delivery.source,
      groupKey,
      externalId: first.alert.externalId,
      title: first.alert.summary || first.alert.name,
      severity: first.alert.severity,
      status,
    }),
    tx.upsertAlerts(incidentId, delivery.alerts),
    status === "open" ? tx.enqueueInvestigation(incidentId) : undefined,
    tx.recordDelivery(delivery, { id: deliveryId, incidentId, alerts }, audit),
    tx.commit(),
  ]);
  const [opened] = steps;
  if (opened.status === "fulfilled" && !opened.value.created) throw new LostRaceToOpen();
  throwEarliestFailure(steps);
  return { incidentId, alerts, duplicate: false, outcome: status === "open" ? "opened" : "resolved" };
}

/**
 * Awaits pipelined statements and, if any failed, throws the failure of the earliest one: the
 * statements after it (COMMIT included) only failed because it did.
 */
async function inOrder<T extends readonly unknown[]>(
  steps: T,
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const settled = await Promise.allSettled(steps);
  throwEarliestFailure(settled);
  return settled.map((step) => (step as PromiseFulfilledResult<unknown>).value) as {
    -readonly [K in keyof T]: Awaited<T[K]>;
  };
}

function throwEarliestFailure(settled: PromiseSettledResult<unknown>[]): void {
  const failed = settled.find((step) => step.status === "rejected");
  if (failed !== undefined) throw failed.reason;
}

function duplicateOf(stored: StoredAnswer): IngestResult {
  return { incidentId: stored.incidentId, alerts: stored.alerts, duplicate: true, outcome: "duplicate" };
}
