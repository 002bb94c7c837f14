export interface GroupCommitOptions<Item, Result> {
  /**
   * Runs several items in one transaction and answers one outcome per item, in order: its result,
   * or `undefined` to run it again in a later batch. Rejects when nothing of the batch was stored.
   */
  runBatch(items: readonly Item[]): Promise<ReadonlyArray<Result | undefined>>;
  /** Runs one item in a transaction of its own: a batch of one, and each item of a batch that failed. */
  runAlone(item: Item): Promise<Result>;
  /** Items sharing a key never run in the same batch, nor in two batches at once; they run in arrival order. */
  keysOf(item: Item): readonly string[];
  /** Most items in one batch. */
  maxBatch: number;
  /** Most batches (or single items) in flight at once. */
  maxInFlight: number;
  /** Most items waiting for a batch; one more is refused with GroupCommitFullError. Default: no limit. */
  maxQueued?: number;
  /** Told when a batch failed and its items are about to run one by one. */
  onBatchFailed?: (error: unknown, size: number) => void;
}

// How far past maxBatch items one batch looks for items that may go now.
const SCAN_FACTOR = 4;

/** The queue already holds `maxQueued` items: the caller should shed the item (and its sender retry). */
export class GroupCommitFullError extends Error {
  override readonly name = "GroupCommitFullError";
}

export interface GroupCommit<Item, Result> {
  /**
   * Resolves once the item is committed (with its own result), or rejects with its own failure;
   * rejects at once with GroupCommitFullError when the queue is full.
   */
  submit(item: Item): Promise<Result>;
}

interface Pending<Item, Result> {
  item: Item;
  keys: readonly string[];
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: items that arrive while a batch is in flight wait for a free slot and then go
 * together, so that under load many share one transaction (one pair of round trips, one WAL flush),
 * and alone one goes at once. A failed batch is retried item by item, so that one bad item fails
 * only itself.
 */
export function createGroupCommit<Item, Result>(
  options: GroupCommitOptions<Item, Result>,
): GroupCommit<Item, Result> {
  const queue: Pending<Item, Result>[] = [];
  // Keys of the items in flight, counted, so that no second item with one of them starts meanwhile.
  const busy = new Map<string, number>();
  let inFlight = 0;
  let scheduled = false;

  const schedule = () => {
    if (scheduled || inFlight >= options.maxInFlight || queue.length === 0) return;
    scheduled = true;
    // After the current I/O phase, so that requests read in the same turn share a batch.
    setImmediate(flush);
  };

  const flush = () => {
    scheduled = false;
    while (inFlight < options.maxInFlight) {
      const batch = take();
      if (batch.length === 0) return;
      inFlight += 1;
      void run(batch).finally(() => {
        inFlight -= 1;
        schedule();
      });
    }
  };

  /**
   * The earliest queued items whose keys are free; a skipped item's keys block later items too, so
   * that items sharing a key keep their order. Looks at a bounded number of items, so that a long
   * queue of items waiting on one key costs little to pass over.
   */
  const take = (): Pending<Item, Result>[] => {
    const taken: Pending<Item, Result>[] = [];
    const claimed = new Set<string>();
    const examined = Math.min(queue.length, options.maxBatch * SCAN_FACTOR);
    const left: Pending<Item, Result>[] = [];
    for (let index = 0; index < examined; index += 1) {
      const pending = queue[index]!;
      const free =
        taken.length < options.maxBatch && pending.keys.every((key) => !busy.has(key) && !claimed.has(key));
      for (const key of pending.keys) claimed.add(key);
      if (free) {
        taken.push(pending);
        hold(pending.keys);
      } else {
        left.push(pending);
      }
    }
    if (taken.length > 0) queue.splice(0, examined, ...left);
    return taken;
  };

  const hold = (keys: readonly string[]) => {
    for (const key of keys) busy.set(key, (busy.get(key) ?? 0) + 1);
  };
  const release = (keys: readonly string[]) => {
    for (const key of keys) {
      const count = (busy.get(key) ?? 0) - 1;
      if (count > 0) busy.set(key, count);
      else busy.delete(key);
    }
  };

  const settle = async (pending: Pending<Item, Result>, outcome: Promise<Result>) => {
    try {
      pending.resolve(await outcome);
    } catch (error) {
      pending.reject(error);
    } finally {
      release(pending.keys);
    }
  };

  const run = async (batch: Pending<Item, Result>[]) => {
    if (batch.length === 1) return await settle(batch[0]!, options.runAlone(batch[0]!.item));
    let outcomes: ReadonlyArray<Result | undefined>;
    try {
      outcomes = await options.runBatch(batch.map((pending) => pending.item));
    } catch (error) {
      options.onBatchFailed?.(error, batch.length);
      await Promise.all(batch.map((pending) => settle(pending, options.runAlone(pending.item))));
      return;
    }
    const again: Pending<Item, Result>[] = [];
    batch.forEach((pending, index) => {
      const outcome = outcomes[index];
      release(pending.keys);
      if (outcome === undefined) again.push(pending);
      else pending.resolve(outcome);
    });
    // Ahead of everything that arrived meanwhile: they were first.
    queue.unshift(...again);
  };

  return {
    submit: (item) =>
      new Promise<Result>((resolve, reject) => {
        if (queue.length >= (options.maxQueued ?? Number.POSITIVE_INFINITY)) {
          reject(new GroupCommitFullError(`${queue.length} items are already waiting`));
          return;
        }
        queue.push({ item, keys: options.keysOf(item), resolve, reject });
        schedule();
      }),
  };
}
