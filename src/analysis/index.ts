export type { ConfidenceCoefficients } from "./calibrate-confidence.ts";
export { calibrateConfidence, DEFAULT_CONFIDENCE_COEFFICIENTS } from "./calibrate-confidence.ts";
export { classifyLogCause, matchLogCause } from "./classify-log-cause.ts";
export type { SignalClass, SignalKind, UnitHint } from "./classify-signal.ts";
export { classifySignal } from "./classify-signal.ts";
export type {
  ErrorBurst,
  LogLineInput,
  TemplateJump,
  TemplateStat,
  TemplateWindowComparison,
  TemplateWindowOptions,
} from "./compare-template-windows.ts";
export { compareTemplateWindows, poissonScore } from "./compare-template-windows.ts";
export type { CounterRateOptions } from "./counter-rate.ts";
export { counterToRate, looksLikeCounter } from "./counter-rate.ts";
export type { KubernetesRuleOptions } from "./evaluate-kubernetes-rules.ts";
export { evaluateKubernetesRules } from "./evaluate-kubernetes-rules.ts";
export type { BucketSeries, HistogramBucket } from "./histogram-quantile.ts";
export { histogramQuantile, histogramQuantileOverTime, parseLe } from "./histogram-quantile.ts";
export type { KubeObject, KubernetesRule, ObjectRef, RuleHit } from "./kubernetes-object.ts";
export { serviceOfObject } from "./kubernetes-object.ts";
export { MASK_PLACEHOLDERS, maskLogText } from "./mask-log-text.ts";
export type { Onset, OnsetOptions } from "./onset.ts";
export { detectOnset } from "./onset.ts";
export type { LogLevel, ParsedLogLine } from "./parse-log-line.ts";
export { normalizeLevel, parseLogLine } from "./parse-log-line.ts";
export { parseQuantity } from "./parse-quantity.ts";
export type { Point } from "./point.ts";
export { medianStep, valuesOf } from "./point.ts";
export type { RankedService, RankOptions, ServiceSymptom } from "./rank-root-causes.ts";
export { rankRootCauses } from "./rank-root-causes.ts";
export type { Aggregation, AlignedSeries, GridOptions, RatioOptions } from "./resample.ts";
export { alignSeries, combineSeries, ratioSeries, resampleToStep } from "./resample.ts";
export type { RobustScoreOptions, SeriesAnomaly, SeriesAnomalyOptions } from "./robust-score.ts";
export { anomalyLevel, robustScore, scoreSeriesAnomaly, signedRobustScore } from "./robust-score.ts";
export type { ChangeContext, ChangeLike, ChangeRelation, ChangeScore } from "./score-change.ts";
export { formatDuration, rootCauseKindOfChange, scoreChange } from "./score-change.ts";
export { serviceOf, workloadOfPod, workloadOfReplicaSet } from "./service-of.ts";
export type { RobustScaleOptions, RobustSummary } from "./stats.ts";
export { iqr, mad, mean, median, quantile, robustSummary, scaleAgainst, theilSenSlope } from "./stats.ts";
export type { Trend } from "./sustained-rise.ts";
export { trendOf } from "./sustained-rise.ts";
export type { LogTemplate, TemplateMiner, TemplateMinerOptions } from "./template-miner.ts";
export { createTemplateMiner } from "./template-miner.ts";
export type { CallEdge, TopologyIndex } from "./topology.ts";
export { createTopologyIndex } from "./topology.ts";
