import type { ChangeSource } from "../../src/ports/change-source.ts";
import { SourceUnavailableError } from "../../src/ports/source-errors.ts";
import { inRangeOldestFirst } from "./in-range-oldest-first.ts";

/**
 * One history from several (Kubernetes rollouts, Argo CD, GitHub), oldest first. If any of them
 * cannot be read the whole history is unavailable: a list missing one system's changes would tell
 * the investigation that nothing changed there, which is worse than a gap it reports.
 */
export function mergeChangeSources(
  sources: ReadonlyArray<{ name: string; source: ChangeSource }>,
): ChangeSource {
  if (sources.length === 1 && sources[0]) return sources[0].source;
  return {
    async list(range, signal) {
      const settled = await Promise.allSettled(sources.map(({ source }) => source.list(range, signal)));
      const failed = settled.flatMap((outcome, index) =>
        outcome.status === "rejected"
          ? [{ name: sources[index]?.name ?? "?", reason: outcome.reason as unknown }]
          : [],
      );
      if (failed.length > 0) {
        signal?.throwIfAborted();
        const first = failed[0]?.reason;
        // A refused query is the caller's mistake, not an outage: let it through as it is.
        if (failed.length === sources.length && !(first instanceof SourceUnavailableError)) throw first;
        const reasons = failed.map(
          ({ name, reason }) => `${name}: ${reason instanceof Error ? reason.message : String(reason)}`,
        );
        throw new SourceUnavailableError("changes", `change history incomplete (${reasons.join("; ")})`, {
          cause: first,
        });
      }
      const all = settled.flatMap((outcome) => (outcome.status === "fulfilled" ? outcome.value : []));
      return inRangeOldestFirst(all, range);
    },
  };
}
