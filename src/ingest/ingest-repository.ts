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

/** What storage knows about a delivery before it is written. */
export interface DeliveryLookup {
  /** The answer given to an earlier delivery with the same dedup key, or null. */
  stored: StoredAnswer | null;
  /**
   * The incident its alerts belong to, locked until the transaction ends: an open incident with
   * its group key, else an open one holding one of its fingerprints, else the latest resolved one
   * with either; null if none (and always for a delivery without alerts).
   */
  found: IncidentRef | null;
}

export interface NewIncident {
  id: string;
  source: AlertSource;
  groupKey: string;
  externalId: string | null;
  title: string;
  severity: string;
  status: "open" | "resolved";
}

export interface AlertLink {
  incidentId: string;
  alerts: NormalizedAlert[];
}

export interface DeliveryRecord {
  delivery: NormalizedDelivery;
  id: string;
  incidentId: string | null;
  alerts: number;
  /** Audit events written with the delivery, in this order. */
  audit: AuditEntry[];
}

/** A delivery with the same dedup key was recorded first (by a concurrent request). */
export class DuplicateDeliveryError extends Error {
  override readonly name = "DuplicateDeliveryError";
}

/**
 * A batch planned as all new (no lookup) was not: one of its deliveries has a stored answer or an
 * incident it could join. The transaction rolled back; the batch must run again with its lookup.
 */
export class DeliveriesNotNewError extends Error {
  override readonly name = "DeliveriesNotNewError";
}

/**
 * What ingest needs from storage, inside one transaction, for several deliveries at once. Each
 * method sends one statement (none for an empty list) when called, in call order, without waiting
 * for earlier answers: callers may start several and await them together, which costs one round
 * trip. Once one statement fails, the transaction is rolled back and nothing of it is stored.
 * Methods may throw StoreUnavailableError.
 */
export interface IngestTransaction {
  /** One lookup per delivery, in order. Deliveries must not share a dedup key. */
  lookUp(deliveries: readonly NormalizedDelivery[]): Promise<DeliveryLookup[]>;
  /**
   * In place of `lookUp`, for deliveries believed new: fails the transaction with
   * DeliveriesNotNewError when any of them has a stored answer or an incident it could join (what
   * `lookUp` would find), so that writes planned without a lookup, sent behind it in the same round
   * trip, never commit on a wrong guess.
   */
  assertNew(deliveries: readonly NormalizedDelivery[]): Promise<void>;
  /**
   * Inserts the incidents and answers the ids it inserted: one is missing when a concurrent
   * delivery has just opened an incident for the same group key; the statements after it then
   * fail, and ingest retries.
   */
  openIncidents(incidents: readonly NewIncident[]): Promise<ReadonlySet<string>>;
  /** Inserts or updates the alerts and links them to their incidents; no alert may appear twice. */
  upsertAlerts(links: readonly AlertLink[]): Promise<void>;
  /**
   * Resolves each incident (with its `incident.resolved` audit event by `actor`) when none of its
   * alerts is firing; answers the ids it resolved.
   */
  resolveIfSettled(incidents: readonly { incidentId: string; actor: string }[]): Promise<ReadonlySet<string>>;
  /** Enqueues the incidents' investigations durably, as part of this transaction. */
  enqueueInvestigations(incidentIds: readonly string[]): Promise<void>;
  /**
   * Records the deliveries with the answers they get, and their audit events. Rejects with
   * DuplicateDeliveryError when a concurrent delivery with the same dedup key got there first.
   */
  recordDeliveries(records: readonly DeliveryRecord[]): Promise<void>;
  /** Commits; rejects when the transaction could not commit. Without it, the transaction commits when work returns. */
  commit(): Promise<void>;
}

export interface IngestRepository {
  /** Runs `work` in one transaction: committed when it returns, rolled back when it throws. */
  transaction<T>(work: (transaction: IngestTransaction) => Promise<T>): Promise<T>;
  /** The answer recorded for this delivery (outside any transaction), or null. */
  storedAnswer(delivery: NormalizedDelivery): Promise<StoredAnswer | null>;
}
