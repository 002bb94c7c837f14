/**
 * The delivery, group and alert keys this process has ingested lately, at most `capacity` of them
 * (the least recently remembered are forgotten first). Only a guess: another replica, or this one
 * before a restart, may have seen a key that is not here. A delivery none of whose keys is here is
 * probably new, which lets ingest skip its lookup and check the guess inside the transaction.
 */
export interface RecentKeys {
  /** True when any of the keys was remembered and not forgotten since. */
  hasAny(keys: readonly string[]): boolean;
  remember(keys: readonly string[]): void;
}

export function createRecentKeys(capacity: number): RecentKeys {
  // A Map keeps insertion order: the first key is the one least recently remembered.
  const keys = new Map<string, true>();
  return {
    hasAny: (candidates) => candidates.some((key) => keys.has(key)),
    remember(remembered) {
      for (const key of remembered) {
        keys.delete(key);
        keys.set(key, true);
      }
      for (const oldest of keys.keys()) {
        if (keys.size <= capacity) break;
        keys.delete(oldest);
      }
    },
  };
}
