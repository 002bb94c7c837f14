import type { DeliveryLookup, IngestRepository } from "./ingest-repository.ts";
import type { IngestResult, NormalizedDelivery } from "./normalized-delivery.ts";
import { planIngestWrites } from "./plan-ingest-writes.ts";

/** A concurrent delivery opened the same group first; the transaction is rolled back and retried. */
export class LostRaceToOpen extends Error {
  override readonly name = "LostRaceToOpen";
}

const NOTHING_FOUND: DeliveryLookup = { stored: null, found: null };

/**
 * Ingests deliveries in one transaction and two round trips, however many they are: one lookup
 * statement, then one statement per kind of write with COMMIT pipelined behind them. Deliveries
 * must not share a dedup key, group key or fingerprint (the caller keeps such apart). One that
 * belongs to the same incident as an earlier one answers `undefined` and must run again after this
 * batch. Any failure rolls back the whole batch and rejects (with LostRaceToOpen when a concurrent
 * delivery opened one of the groups first); nothing of it is stored then.
 *
 * `assumeNew`: the caller believes every delivery new (nothing stored, no incident to join). The
 * writes are planned as the lookup would have had them and go in one round trip behind a statement
 * that checks the belief; a wrong one rejects with DeliveriesNotNewError and stores nothing.
 */
export async function ingestBatch(
  repository: IngestRepository,
  deliveries: readonly NormalizedDelivery[],
  createId: () => string,
  { assumeNew = false }: { assumeNew?: boolean } = {},
): Promise<Array<IngestResult | undefined>> {
  return await repository.transaction(async (tx) => {
    const checked = assumeNew ? tx.assertNew(deliveries) : Promise.resolve();
    const lookups = assumeNew ? deliveries.map(() => NOTHING_FOUND) : await tx.lookUp(deliveries);
    const { writes, answers } = planIngestWrites(deliveries, lookups, createId);
    // If a concurrent delivery opened one of these groups first, the link of its alerts to the
    // incident that was not inserted fails, and the COMMIT behind it becomes a rollback.
    const [assumption, ...steps] = await Promise.allSettled([
      checked,
      tx.openIncidents(writes.incidents),
      tx.upsertAlerts(writes.links),
      tx.resolveIfSettled(writes.resolutions),
      tx.enqueueInvestigations(writes.investigations),
      tx.recordDeliveries(writes.records),
      tx.commit(),
    ]);
    // A wrong guess fails everything behind it: it is the cause, whatever else failed.
    if (assumption.status === "rejected") throw assumption.reason;
    const [opened, , resolved] = steps;
    if (opened?.status === "fulfilled" && writes.incidents.some(({ id }) => !opened.value.has(id))) {
      throw new LostRaceToOpen();
    }
    // The earliest failure is the cause: the statements after it (COMMIT too) failed because it did.
    const failed = steps.find((step) => step.status === "rejected");
    if (failed !== undefined) throw failed.reason;
    const resolvedIds = resolved?.status === "fulfilled" ? resolved.value : new Set<string>();
    return answers.map((answer) => {
      if (answer === undefined) return undefined;
      if (answer.resolving !== null && resolvedIds.has(answer.resolving)) {
        return { ...answer.result, outcome: "resolved" };
      }
      return answer.result;
    });
  });
}
