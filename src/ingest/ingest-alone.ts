import { ingestBatch, LostRaceToOpen } from "./ingest-batch.ts";
import { DuplicateDeliveryError, type IngestRepository } from "./ingest-repository.ts";
import type { IngestResult, NormalizedDelivery } from "./normalized-delivery.ts";
import { duplicateOf } from "./plan-ingest-writes.ts";

/**
 * One delivery in a transaction of its own (two round trips, COMMIT pipelined behind the writes).
 * A lost race, a concurrent delivery that opened the group or stored this very delivery first,
 * rolls back and is retried; a concurrent copy is answered as it was answered.
 */
export async function ingestAlone(
  repository: IngestRepository,
  delivery: NormalizedDelivery,
  createId: () => string,
  runBatch: (deliveries: readonly NormalizedDelivery[]) => Promise<Array<IngestResult | undefined>> = (
    deliveries,
  ) => ingestBatch(repository, deliveries, createId),
): Promise<IngestResult> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const [result] = await runBatch([delivery]);
      // A batch of one has no earlier delivery to wait for.
      if (result === undefined) throw new Error("a delivery alone was held back");
      return result;
    } catch (error) {
      if (error instanceof DuplicateDeliveryError) {
        const stored = await repository.storedAnswer(delivery);
        if (stored !== null) return duplicateOf(stored);
      }
      if (!(error instanceof LostRaceToOpen || error instanceof DuplicateDeliveryError) || attempt >= 3)
        throw error;
    }
  }
}
