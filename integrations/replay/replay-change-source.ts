import type { ChangeEvent, ChangeSource } from "../../src/ports/change-source.ts";
import { SourceQueryError } from "../../src/ports/source-errors.ts";
import { parseRfc3339 } from "./parse-rfc3339.ts";

/** A `ChangeSource` over recorded change events; a change after `nowSeconds` has not happened yet. */
export function createReplayChangeSource(options: {
  changes: readonly ChangeEvent[];
  nowSeconds: number;
}): ChangeSource {
  const { nowSeconds } = options;
  const timeline = options.changes
    .map((change) => ({ change, at: parseRfc3339(change.at) }))
    .filter(({ at }) => at <= nowSeconds)
    .sort((a, b) => a.at - b.at);

  return {
    async list(range, signal) {
      signal?.throwIfAborted();
      if (!Number.isFinite(range.start) || !Number.isFinite(range.end) || range.end < range.start) {
        throw new SourceQueryError("changes", "end must be a time at or after start");
      }
      const end = Math.min(range.end, nowSeconds);
      return timeline
        .filter(({ at }) => at >= range.start && at <= end)
        .map(({ change }) => structuredClone(change));
    },
  };
}
