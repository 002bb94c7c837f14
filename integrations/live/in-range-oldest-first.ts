import type { ChangeEvent } from "../../src/ports/change-source.ts";

/** Changes with `at` inside the closed range, oldest first; equal times keep a stable order by id. */
export function inRangeOldestFirst(
  changes: readonly ChangeEvent[],
  range: { start: number; end: number },
): ChangeEvent[] {
  return changes
    .map((change) => ({ change, at: Date.parse(change.at) / 1000 }))
    .filter(({ at }) => Number.isFinite(at) && at >= range.start && at <= range.end)
    .sort((a, b) => a.at - b.at || (a.change.id < b.change.id ? -1 : a.change.id > b.change.id ? 1 : 0))
    .map(({ change }) => change);
}
