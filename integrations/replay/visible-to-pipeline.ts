import type { ReplayCase } from "./replay-case-schema.ts";

/**
 * The only part of a case the pipeline may see (spec: "What the pipeline may see"). `id`,
 * `title`, `tags`, `notes` and `expected` can name the answer, so they never pass this point.
 */
export interface PipelineView {
  now: ReplayCase["now"];
  alert: ReplayCase["alert"];
  sources: ReplayCase["sources"];
}

export function visibleToPipeline(replayCase: ReplayCase): PipelineView {
  return { now: replayCase.now, alert: replayCase.alert, sources: replayCase.sources };
}
