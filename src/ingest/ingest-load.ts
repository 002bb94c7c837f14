/**
 * Whether ingest is saturated: read by work that should give way to acknowledging alerts (the
 * investigation worker shares the process's CPU and the database with ingest).
 */
export interface IngestLoad {
  /** True while deliveries have had to wait for one another within the last `quietMs`. */
  isBusy(): boolean;
}

export interface IngestLoadTracker extends IngestLoad {
  /** Wraps one delivery's ingest: counts it in progress while `work` runs. */
  track<T>(work: () => Promise<T>): Promise<T>;
}

export interface IngestLoadOptions {
  /**
   * Deliveries in progress at once from which a new one has to wait (the transactions ingest runs
   * at once): reaching it marks ingest busy.
   */
  saturatedAt: number;
  /** How long ingest stays busy after the last time it was saturated. */
  quietMs?: number;
  now?: () => number;
}

/**
 * Saturation, not traffic, is the signal: a steady trickle of alerts never overlaps and leaves
 * investigations alone, while a storm that keeps every transaction slot taken marks ingest busy
 * until it has been calm for `quietMs`.
 */
export function createIngestLoad({
  saturatedAt,
  quietMs = 1000,
  now = () => performance.now(),
}: IngestLoadOptions): IngestLoadTracker {
  let inProgress = 0;
  let saturatedLast = Number.NEGATIVE_INFINITY;
  return {
    isBusy: () => now() - saturatedLast < quietMs,
    async track(work) {
      if (inProgress >= saturatedAt) saturatedLast = now();
      inProgress += 1;
      try {
        return await work();
      } finally {
        inProgress -= 1;
      }
    },
  };
}

/** Never busy: for callers without an ingest in the same process. */
export const idleIngestLoad: IngestLoad = { isBusy: () => false };
