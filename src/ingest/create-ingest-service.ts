import { randomUUID } from "node:crypto";
import { createGroupCommit, type GroupCommit, GroupCommitFullError } from "./create-group-commit.ts";
import { ingestAlone } from "./ingest-alone.ts";
import { ingestBatch } from "./ingest-batch.ts";
import { IngestOverloadedError } from "./ingest-errors.ts";
import { createIngestLoad, type IngestLoad } from "./ingest-load.ts";
import { DeliveriesNotNewError, type IngestRepository } from "./ingest-repository.ts";
import type { IngestResult, NormalizedDelivery } from "./normalized-delivery.ts";
import { groupingAlert } from "./plan-ingest-writes.ts";
import { createRecentKeys, type RecentKeys } from "./recent-keys.ts";

export interface IngestService {
  /** Stores the delivery and answers; it is committed when this resolves. */
  ingest(delivery: NormalizedDelivery): Promise<IngestResult>;
  /** Whether ingest is saturated now, for work that should give way to it. */
  load: IngestLoad;
}

export interface IngestBatching {
  /** Most deliveries committed in one transaction. */
  maxBatch: number;
  /** Most transactions in flight at once; deliveries arriving meanwhile wait and go together. */
  maxInFlight: number;
  /**
   * Most deliveries waiting for a transaction; more are answered 503 before anything is stored, so
   * that an overload sheds load (senders retry) instead of holding ever more bodies in memory.
   * Default 4,096.
   */
  maxQueued?: number;
}

// 4,096 waiting deliveries are two to four seconds of work on a small machine: past that, a sender
// is better served by a quick 503 and its own retry than by a long wait.
const DEFAULT_MAX_QUEUED = 4096;

export const DEFAULT_INGEST_BATCHING: IngestBatching = {
  maxBatch: 64,
  maxInFlight: 2,
  maxQueued: DEFAULT_MAX_QUEUED,
};

export interface IngestServiceDeps {
  repository: IngestRepository;
  /** Called after the commit that opened an incident, e.g. to wake a worker; never part of the answer. */
  onIncidentOpened?: (incidentId: string) => void;
  createId?: () => string;
  /** Group commit of concurrent deliveries; `false` gives every delivery a transaction of its own. */
  batching?: IngestBatching | false;
  /** Told when a batch failed and its deliveries are retried one by one (each then answers for itself). */
  onBatchFailed?: (error: unknown, size: number) => void;
}

/**
 * The ingest rules (see planIngestWrites): alerts group into incidents by the sender's group key, or
 * join an open incident that already holds one of their fingerprints; a new alert in an open
 * incident adds context; resolved alerts resolve the incident once none is firing; a redelivery
 * changes nothing and gets the same answer. Opening an incident enqueues its investigation in the
 * same transaction, and a delivery is answered only once that transaction has committed.
 *
 * Deliveries that arrive together are committed together (group commit): most of what a
 * transaction costs (its round trips, statements and WAL flush) is the same for one delivery or fifty.
 */
export function createIngestService({
  repository,
  onIncidentOpened = () => {},
  createId = randomUUID,
  batching = DEFAULT_INGEST_BATCHING,
  onBatchFailed,
}: IngestServiceDeps): IngestService {
  const recent = createRecentKeys(RECENT_KEYS);
  const runBatch = (deliveries: readonly NormalizedDelivery[]) =>
    ingestGuessingNew(repository, deliveries, createId, recent);
  const alone = (delivery: NormalizedDelivery) => ingestAlone(repository, delivery, createId, runBatch);
  const group =
    batching === false
      ? null
      : createGroupCommit<NormalizedDelivery, IngestResult>({
          runBatch,
          runAlone: alone,
          keysOf: conflictKeys,
          maxBatch: batching.maxBatch,
          maxInFlight: batching.maxInFlight,
          maxQueued: batching.maxQueued ?? DEFAULT_MAX_QUEUED,
          ...(onBatchFailed === undefined ? {} : { onBatchFailed }),
        });
  // Without batching every delivery has a transaction of its own; two at once already compete.
  const load = createIngestLoad({ saturatedAt: batching === false ? 2 : batching.maxInFlight });
  return {
    async ingest(delivery) {
      const result = await load.track(() => (group === null ? alone(delivery) : submit(group, delivery)));
      if (result.outcome === "opened" && result.incidentId !== null) onIncidentOpened(result.incidentId);
      return result;
    },
    load,
  };
}

/** Keys remembered for guessing which deliveries are new: three or more per delivery. */
const RECENT_KEYS = 100_000;

/**
 * Most deliveries in a storm are the first of their group; most later ones update a group this
 * process saw. A batch none of whose keys this process remembers is guessed new and goes in one
 * round trip, its writes behind a check of the guess (see ingestBatch's `assumeNew`); a wrong guess
 * (another replica's group, a redelivery after a restart) stores nothing and runs again with the
 * lookup. Either way the answers are the ones the lookup would have given.
 */
async function ingestGuessingNew(
  repository: IngestRepository,
  deliveries: readonly NormalizedDelivery[],
  createId: () => string,
  recent: RecentKeys,
): Promise<Array<IngestResult | undefined>> {
  const keys = deliveries.flatMap(conflictKeys);
  if (!recent.hasAny(keys)) {
    try {
      const results = await ingestBatch(repository, deliveries, createId, { assumeNew: true });
      recent.remember(keys);
      return results;
    } catch (error) {
      if (!(error instanceof DeliveriesNotNewError)) throw error;
    }
  }
  const results = await ingestBatch(repository, deliveries, createId);
  recent.remember(keys);
  return results;
}

async function submit(
  group: GroupCommit<NormalizedDelivery, IngestResult>,
  delivery: NormalizedDelivery,
): Promise<IngestResult> {
  try {
    return await group.submit(delivery);
  } catch (error) {
    if (error instanceof GroupCommitFullError)
      throw new IngestOverloadedError(error.message, { cause: error });
    throw error;
  }
}

/**
 * What two deliveries must share to depend on each other's outcome: the delivery itself (a
 * redelivery), the sender's group, or an alert. Such deliveries never share a batch.
 */
function conflictKeys(delivery: NormalizedDelivery): string[] {
  const { source } = delivery;
  const keys = [`delivery\u0000${source}\u0000${delivery.dedupKey}`];
  const first = groupingAlert(delivery);
  if (first === null) return keys;
  keys.push(`group\u0000${source}\u0000${first.alert.groupKey}`);
  for (const { alert } of delivery.alerts) keys.push(`alert\u0000${source}\u0000${alert.fingerprint}`);
  return keys;
}
