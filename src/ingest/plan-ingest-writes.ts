import type {
  AlertLink,
  AuditEntry,
  DeliveryLookup,
  DeliveryRecord,
  NewIncident,
  StoredAnswer,
} from "./ingest-repository.ts";
import type { IngestResult, NormalizedAlert, NormalizedDelivery } from "./normalized-delivery.ts";

/** Everything a batch writes, one list per statement. */
export interface IngestWrites {
  incidents: NewIncident[];
  links: AlertLink[];
  resolutions: { incidentId: string; actor: string }[];
  investigations: string[];
  records: DeliveryRecord[];
}

/**
 * A delivery's answer once the writes are done: final, or `updated` that becomes `resolved` when
 * its resolution took effect; `undefined` when it must run again after this batch.
 */
export type PlannedAnswer = { result: IngestResult; resolving: string | null } | undefined;

/**
 * The ingest rules, as a pure function from what the lookups found to what must be written: a
 * redelivery changes nothing and gets the earlier answer; firing alerts join an open incident, and
 * resolutions with nothing open end the incident they belong to; otherwise a new incident opens,
 * with its investigation queued when anything is firing. A delivery whose incident an earlier
 * delivery of the batch already writes to is held back, so that it sees that write when it runs.
 */
export function planIngestWrites(
  deliveries: readonly NormalizedDelivery[],
  lookups: readonly DeliveryLookup[],
  createId: () => string,
): { writes: IngestWrites; answers: PlannedAnswer[] } {
  const writes: IngestWrites = { incidents: [], links: [], resolutions: [], investigations: [], records: [] };
  const claimed = new Set<string>();
  const answers = deliveries.map((delivery, index): PlannedAnswer => {
    const { stored, found } = lookups[index]!;
    if (stored !== null) return { result: duplicateOf(stored), resolving: null };
    if (found !== null) {
      if (claimed.has(found.id)) return undefined;
      claimed.add(found.id);
    }
    return planDelivery(writes, delivery, found, createId);
  });
  return { writes, answers };
}

export function duplicateOf(stored: StoredAnswer): IngestResult {
  return { incidentId: stored.incidentId, alerts: stored.alerts, duplicate: true, outcome: "duplicate" };
}

/** The alert that names the delivery's group (its first firing one), or null without alerts. */
export function groupingAlert(delivery: NormalizedDelivery): NormalizedAlert | null {
  return delivery.alerts.find(({ alert }) => alert.status === "firing") ?? delivery.alerts[0] ?? null;
}

function planDelivery(
  writes: IngestWrites,
  delivery: NormalizedDelivery,
  found: DeliveryLookup["found"],
  createId: () => string,
): NonNullable<PlannedAnswer> {
  const actor = delivery.source;
  const deliveryId = createId();
  const first = groupingAlert(delivery);
  if (first === null) {
    writes.records.push({ delivery, id: deliveryId, incidentId: null, alerts: 0, audit: [] });
    return { result: { incidentId: null, alerts: 0, duplicate: false, outcome: "ignored" }, resolving: null };
  }
  const firing = fingerprintsWith(delivery, "firing");
  const resolvedNow = fingerprintsWith(delivery, "resolved");
  const alerts = delivery.alerts.length;
  const received = { event: delivery.event, deliveryId, firing, resolved: resolvedNow };

  if (found !== null && (found.status === "open" || firing.length === 0)) {
    const audit: AuditEntry[] = [{ incidentId: found.id, type: "alert.received", actor, data: received }];
    writes.links.push({ incidentId: found.id, alerts: delivery.alerts });
    const resolving = resolvedNow.length > 0 && found.status === "open" ? found.id : null;
    if (resolving !== null) writes.resolutions.push({ incidentId: found.id, actor });
    writes.records.push({ delivery, id: deliveryId, incidentId: found.id, alerts, audit });
    return { result: { incidentId: found.id, alerts, duplicate: false, outcome: "updated" }, resolving };
  }

  const incidentId = createId();
  const groupKey = first.alert.groupKey;
  const status = firing.length > 0 ? "open" : "resolved";
  const audit: AuditEntry[] = [
    { incidentId, type: "incident.opened", actor, data: { groupKey, ...received } },
  ];
  if (status === "open") audit.push({ incidentId, type: "investigation.queued", actor: "vigil", data: {} });
  // A resolution for an incident Vigil never saw is recorded, but there is nothing left to investigate.
  else audit.push({ incidentId, type: "incident.resolved", actor, data: {} });
  writes.incidents.push({
    id: incidentId,
    source: delivery.source,
    groupKey,
    externalId: first.alert.externalId,
    title: first.alert.summary || first.alert.name,
    severity: first.alert.severity,
    status,
  });
  writes.links.push({ incidentId, alerts: delivery.alerts });
  if (status === "open") writes.investigations.push(incidentId);
  writes.records.push({ delivery, id: deliveryId, incidentId, alerts, audit });
  return {
    result: { incidentId, alerts, duplicate: false, outcome: status === "open" ? "opened" : "resolved" },
    resolving: null,
  };
}

function fingerprintsWith(delivery: NormalizedDelivery, status: "firing" | "resolved"): string[] {
  return delivery.alerts.filter(({ alert }) => alert.status === status).map(({ alert }) => alert.fingerprint);
}
