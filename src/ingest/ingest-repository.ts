import type { AlertSource } from "../domain/index.ts";
import type { NormalizedAlert, NormalizedDelivery } from "./normalized-delivery.ts";

export interface IncidentRef {
  id: string;
  status: "open" | "resolved";
}

export interface AuditEntry {
  incidentId: string | null;
  type: string;
  actor: string;
  data: Record<string, unknown>;
}

export type DeliveryClaim =
  | { claimed: true; deliveryId: string }
  | { claimed: false; incidentId: string | null; alerts: number };

/**
 * What ingest needs from storage, all inside one transaction. Every method may throw
 * StoreUnavailableError; the transaction then rolls back and nothing is stored.
 */
export interface IngestTransaction {
  /**
   * Records the delivery by its dedup key. A concurrent delivery with the same key waits here
   * until the first commits; then it gets `claimed: false` with the first one's answer.
   */
  claimDelivery(delivery: NormalizedDelivery): Promise<DeliveryClaim>;
  /** The open incident for this group key, else an open incident that holds one of the fingerprints; locked. */
  findOpenIncident(query: { source: AlertSource; groupKey: string; fingerprints: string[] }): Promise<IncidentRef | null>;
  /** The most recent incident, open or not, for the group key or fingerprints. */
  findLatestIncident(query: { source: AlertSource; groupKey: string; fingerprints: string[] }): Promise<IncidentRef | null>;
  /**
   * Opens an incident, unless a concurrent delivery has just opened one for the same group key,
   * in which case that one is returned with `created: false`.
   */
  openIncident(incident: {
    source: AlertSource;
    groupKey: string;
    externalId: string | null;
    title: string;
    severity: string;
    status: "open" | "resolved";
  }): Promise<IncidentRef & { created: boolean }>;
  /** Inserts or updates the alerts and links them to the incident. */
  upsertAlerts(incidentId: string, alerts: NormalizedAlert[]): Promise<void>;
  /** Resolves the incident when none of its alerts is firing any more; true when it did. */
  resolveIfSettled(incidentId: string): Promise<boolean>;
  /** Enqueues the incident's investigation durably, as part of this transaction. */
  enqueueInvestigation(incidentId: string): Promise<void>;
  /** Stores the answer given for the delivery and the audit events, as part of this transaction. */
  completeDelivery(
    deliveryId: string,
    answer: { incidentId: string | null; alerts: number; ignored: boolean },
    audit: AuditEntry[],
  ): Promise<void>;
}

export interface IngestRepository {
  /** Runs `work` in one transaction: committed when it returns, rolled back when it throws. */
  transaction<T>(work: (transaction: IngestTransaction) => Promise<T>): Promise<T>;
}
