export { createReplaySources, type ReplaySourcesInput } from "./create-replay-sources.ts";
export { CASE_FILE_EXTENSIONS, CASE_FOLDER_FILE, loadReplayCase } from "./load-replay-case.ts";
export {
  type LoadedReplayCase,
  type LoadReplayCasesOptions,
  type LoadReplayCasesResult,
  loadReplayCases,
} from "./load-replay-cases.ts";
export { parseRfc3339 } from "./parse-rfc3339.ts";
export { ReplayCaseError, type ReplayCaseProblem } from "./replay-case-error.ts";
export {
  type RecordedChange,
  type RecordedKubernetesEntry,
  type RecordedLogStream,
  type RecordedSeries,
  type RecordedTopologyEdge,
  type ReplayCase,
  type ReplayExpected,
  type ReplaySources,
  replayCaseSchema,
} from "./replay-case-schema.ts";
export { createReplayChangeSource } from "./replay-change-source.ts";
export { createReplayClusterReader } from "./replay-cluster-reader.ts";
export { createReplayLogSource } from "./replay-log-source.ts";
export { createReplayMetricsSource } from "./replay-metrics-source.ts";
export { createReplayTopologySource } from "./replay-topology-source.ts";
export { createUnavailableSource } from "./unavailable-sources.ts";
export { type PipelineView, visibleToPipeline } from "./visible-to-pipeline.ts";
