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

export interface StoredAnswer {
  incidentId: string | null;
  alerts: number;
}

/** A delivery with the same dedup key was recorded first (by a concurrent request). */
export class DuplicateDeliveryError extends Error {
  override readonly name = "DuplicateDeliveryError";
}

/**
 * What ingest needs from storage, inside one transaction. Each method sends its statement when
 * called, in call order, without waiting for earlier answers: callers may start several and await
 * them together, which costs one round trip. Once one statement fails, the transaction is rolled
 * back and nothing of it is stored. Methods may throw StoreUnavailableError.
 */
export interface IngestTransaction {
  /** The answer given to an earlier delivery with the same dedup key, or null. */
  findDelivery(delivery: NormalizedDelivery): Promise<StoredAnswer | null>;
  /**
   * The incident these alerts belong to, locked: an open incident with this group key, else an open
   * one holding one of the fingerprints, else the latest resolved one with either; null if none.
   */
  findIncident(query: {
    source: AlertSource;
    groupKey: string;
    fingerprints: string[];
  }): Promise<IncidentRef | null>;
  /**
   * Inserts an incident with the given id. `created: false` when a concurrent delivery has just
   * opened one for the same group key; the statements after it then fail, and ingest retries.
   */
  openIncident(incident: {
    id: string;
    source: AlertSource;
    groupKey: string;
    externalId: string | null;
    title: string;
    severity: string;
    status: "open" | "resolved";
  }): Promise<{ created: boolean }>;
  /** Inserts or updates the alerts and links them to the incident. */
  upsertAlerts(incidentId: string, alerts: NormalizedAlert[]): Promise<void>;
  /** Resolves the incident (with its `incident.resolved` audit event) when none of its alerts is firing. */
  resolveIfSettled(incidentId: string, actor: string): Promise<boolean>;
  /** Enqueues the incident's investigation durably, as part of this transaction. */
  enqueueInvestigation(incidentId: string): Promise<void>;
  /**
   * Records the delivery with the answer it gets, and the audit events. Rejects with
   * DuplicateDeliveryError when a concurrent delivery with the same dedup key got there first.
   */
  recordDelivery(
    delivery: NormalizedDelivery,
    record: { id: string; incidentId: string | null; alerts: number },
    audit: AuditEntry[],
  ): Promise<void>;
  /** Commits; rejects when the transaction could not commit. Without it, the transaction commits when work returns. */
  commit(): Promise<void>;
}

export interface IngestRepository {
  /** Runs `work` in one transaction: committed when it returns, rolled back when it throws. */
  transaction<T>(work: (transaction: IngestTransaction) => Promise<T>): Promise<T>;
  /** The answer recorded for this delivery (outside any transaction), or null. */
  storedAnswer(delivery: NormalizedDelivery): Promise<StoredAnswer | null>;
}
