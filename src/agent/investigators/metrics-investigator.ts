import { classifySignal, type Point, trendOf } from "../../analysis/index.ts";
import type { Evidence, Finding, ServiceAnomaly } from "../../domain/evidence.ts";
import type { TimeRange } from "../../ports/time-range.ts";
import { evidenceId } from "../evidence-id.ts";
import type { InvestigationScope } from "../investigation-scope.ts";
import { evaluateSignal, type SignalVerdict } from "./evaluate-signal.ts";
import type { Investigator } from "./investigator.ts";
import { mapLimit } from "./map-limit.ts";
import { inferMetricKinds, type JudgedSignal } from "./metric-patterns.ts";
import { findNoisyNeighbors } from "./noisy-neighbors.ts";
import { readSignals, type SignalSeries } from "./read-signals.ts";
import { groupSeries } from "./series-groups.ts";

/** A host's own metrics rarely explain an incident alone; they weigh less than the workloads'. */
const NODE_WEIGHT = 0.5;
/** Signals whose steady climb over the whole window is itself a fault (leaks, filling disks). */
const RAMPING_SIGNALS = new Set(["memory", "disk", "pool-usage"]);
const RAMP_LEVEL = 0.7;
/** A steady climb: rank correlation with time, and growth from the first third to the last. */
const RAMP_RHO = 0.9;
const RAMP_GROWTH = 1.05;
const RAMP_GROWTH_NEAR_LIMIT = 1.02;
const RAMP_RHO_NEAR_LIMIT = 0.75;
const NEAR_LIMIT = 0.8;
/** CPU usage as a share of its limit: pinned at the ceiling, from clearly below it. */
const CEILING = 0.95;
const BELOW_CEILING = 0.85;
const CEILING_LEVEL = 0.8;
const BYTES_PER_UNIT: Partial<Record<string, number>> = { mebibytes: 1024 ** 2, bytes: 1 };
/** What is left of a draining resource when it counts as run out. */
const DRAINED = 0.1;
/** Usage signals: absent means unused. */
const USAGE_SIGNALS = new Set(["cpu", "memory", "network"]);
/** A series that starts this long after the others belongs to something that started late. */
const LATE_START_SECONDS = 10 * 60;
/** Signals below this level are noise: they get no evidence and no anomaly. */
const REPORT_LEVEL = 0.2;
const MAX_STEPS = 400;
const MIN_STEP_SECONDS = 15;
const EVIDENCE_POINTS = 40;

export interface MetricsInvestigatorOptions {
  /** Queries in flight at once against the metrics source. */
  concurrency?: number;
}

/**
 * Golden signals per service, found by their labels and judged by their shape: onset (change
 * point) and a robust score against the pre-onset baseline, then rules that read the kind of fault
 * from which signals moved together.
 */
export function createMetricsInvestigator(options: MetricsInvestigatorOptions = {}): Investigator {
  const concurrency = options.concurrency ?? 8;
  return {
    name: "metrics",
    async run(scope, sources, signal) {
      const range = rangeFor(scope);
      const labelSets = await sources.metrics.series(['{__name__=~".+"}'], range, signal);
      const groups = groupSeries(labelSets, new Set(scope.knownServices));
      const reporting = new Set(groups.filter((group) => !group.viaCallers).map((group) => group.service));
      const reads = await mapLimit(groups, concurrency, (group) =>
        readSignals(sources.metrics, group, range, signal),
      );
      const limits = new Map(Object.entries(scope.memoryLimits));
      for (const series of reads.flat()) {
        const last = series.points.at(-1)?.[1];
        if (series.signal === "memory-limit" && last)
          limits.set(series.service, Math.max(last, limits.get(series.service) ?? 0));
      }
      const evidence: Evidence[] = [];
      const anomalies: ServiceAnomaly[] = [];
      const judged = new Map<string, JudgedSignal[]>();
      const nodes = new Set<string>();
      const all = reads.flat();
      const dataStart = Math.min(...all.map((series) => series.points[0]?.[0] ?? Number.POSITIVE_INFINITY));
      for (const read of all) {
        const series = withImplicitStart(read, dataStart, range.stepSeconds);
        const verdict = judge(series, scope);
        const rising =
          RAMPING_SIGNALS.has(series.signal) &&
          (series.worseWhen === "down"
            ? isDrain(series.points)
            : isRamp(series.points, nearLimit(series, limits)));
        // A slow leak hides in its own baseline; its steady climb is the anomaly.
        if (rising) verdict.level = Math.max(verdict.level, RAMP_LEVEL);
        // CPU pinned at its limit is saturated, however noisy its usual level.
        if (atCeiling(series, verdict)) verdict.level = Math.max(verdict.level, CEILING_LEVEL);
        if (verdict.level < REPORT_LEVEL || !verdict.anomaly) continue;
        const item = toEvidence(series, verdict, range);
        evidence.push(item);
        const onset = verdict.onset?.at;
        anomalies.push({
          service: series.service,
          signal: series.signal,
          score: series.isNode ? verdict.level * NODE_WEIGHT : verdict.level,
          direction: verdict.anomaly.signedScore >= 0 ? "up" : "down",
          ...(onset !== undefined ? { onset } : {}),
          evidenceIds: [item.id],
        });
        if (series.isNode) nodes.add(series.service);
        const list = judged.get(series.service) ?? [];
        list.push({
          signal: series.signal,
          metric: series.metric,
          level: verdict.level,
          signedScore: verdict.anomaly.signedScore,
          ratio: ratioOf(verdict),
          ...(onset !== undefined ? { onset } : {}),
          rising,
          evidenceId: item.id,
        });
        judged.set(series.service, list);
      }
      const findings: Finding[] = [...judged].flatMap(([service, signals]) =>
        inferMetricKinds(service, signals, {
          isNode: nodes.has(service),
          reportsItself: reporting.has(service),
        }),
      );
      findings.push(...findNoisyNeighbors(judged, scope));
      return { findings, evidence, anomalies, gaps: [] };
    },
  };
}

function judge(series: SignalSeries, scope: InvestigationScope): SignalVerdict {
  if (series.signal === "cert-expiry") return judgeCertificate(series, scope.now);
  return evaluateSignal(series.points, { alertStart: scope.alertStart, now: scope.now }, series.worseWhen);
}

/** A certificate is judged by its expiry time against the clock, not by its (flat) shape. */
function judgeCertificate(series: SignalSeries, now: number): SignalVerdict {
  const expiry = series.points.at(-1)?.[1];
  if (expiry === undefined) return { onset: null, anomaly: null, badScore: 0, level: 0 };
  const expired = expiry <= now;
  const level = expired ? 0.95 : expiry - now < 3 * 24 * 3600 ? 0.4 : 0;
  const anomaly = {
    score: level * 10,
    signedScore: -level * 10,
    direction: "down" as const,
    baseline: { median: expiry, iqr: 0, scale: 1, points: series.points.length },
    recent: { median: expiry, max: expiry, min: expiry, points: 1 },
  };
  const onset = expired
    ? {
        at: expiry,
        index: series.points.length - 1,
        direction: "down" as const,
        before: { median: expiry, iqr: 0, scale: 1 },
        after: { median: expiry, points: 1 },
        magnitude: 10,
        relativeChange: null,
        recovered: false,
      }
    : null;
  return { onset, anomaly, badScore: level * 10, level };
}

/**
 * A workload that did not exist before (a job that just started) used no CPU, memory or network
 * then: its usage series starts at zero, not at its first sample, so its arrival is an onset.
 */
function withImplicitStart(series: SignalSeries, dataStart: number, stepSeconds: number): SignalSeries {
  const first = series.points[0];
  if (!USAGE_SIGNALS.has(series.signal) || !first || first[0] - dataStart < LATE_START_SECONDS) return series;
  const zeros: Point[] = [];
  for (let time = dataStart; time < first[0]; time += stepSeconds) zeros.push([time, 0]);
  return { ...series, points: [...zeros, ...series.points] };
}

/**
 * A steady climb. Close to its limit even a slow one matters (the next allocation fails), so the
 * growth it must show is smaller there.
 */
function isRamp(points: SignalSeries["points"], closeToLimit: boolean): boolean {
  const trend = trendOf(points);
  const growth = closeToLimit ? RAMP_GROWTH_NEAR_LIMIT : RAMP_GROWTH;
  const rho = closeToLimit ? RAMP_RHO_NEAR_LIMIT : RAMP_RHO;
  return trend.rho >= rho && (trend.growth ?? 0) >= growth;
}

function atCeiling(series: SignalSeries, verdict: SignalVerdict): boolean {
  if (series.signal !== "cpu" || !verdict.anomaly) return false;
  const unit = classifySignal({ __name__: series.metric }).unitHint;
  const full = unit === "percent" ? 100 : unit === "ratio" ? 1 : null;
  if (full === null) return false;
  return (
    verdict.anomaly.recent.median >= CEILING * full && verdict.anomaly.baseline.median < BELOW_CEILING * full
  );
}

/** Free space (or another resource that hurts when it falls) running out steadily, down to nearly nothing. */
function isDrain(points: SignalSeries["points"]): boolean {
  const trend = trendOf(points);
  const peak = Math.max(...points.map((point) => point[1]));
  const last = points.at(-1)?.[1] ?? peak;
  return trend.rho <= -RAMP_RHO && peak > 0 && last <= DRAINED * peak;
}

/** Memory usage at the end of the window within reach of the workload's limit. */
function nearLimit(series: SignalSeries, limits: Map<string, number>): boolean {
  const last = series.points.at(-1)?.[1];
  if (series.signal !== "memory" || last === undefined) return false;
  const unit = classifySignal({ __name__: series.metric }).unitHint;
  if (unit === "percent") return last >= NEAR_LIMIT * 100;
  const limit = limits.get(series.service);
  return limit !== undefined && last * (BYTES_PER_UNIT[unit] ?? 1) >= NEAR_LIMIT * limit;
}

function ratioOf(verdict: SignalVerdict): number | null {
  const before = verdict.anomaly?.baseline.median;
  const after = verdict.anomaly?.recent.median;
  if (before === undefined || after === undefined || before === 0) return null;
  return after / before;
}

function toEvidence(series: SignalSeries, verdict: SignalVerdict, range: TimeRange): Evidence {
  const anomaly = verdict.anomaly!;
  const onset = verdict.onset?.at;
  const direction = anomaly.signedScore >= 0 ? "rose" : "fell";
  const when = onset !== undefined ? ` from ${new Date(onset * 1000).toISOString()}` : " in the last minutes";
  return {
    id: evidenceId("metrics", series.query, range.start, range.end),
    source: "metrics",
    query: series.query,
    range: { start: iso(range.start), end: iso(range.end) },
    summary: `${series.service} ${series.signal} (${series.metric}) ${direction}${when}: median ${format(anomaly.baseline.median)} → ${format(anomaly.recent.median)} (${anomaly.score.toFixed(1)} IQR)`,
    data: {
      service: series.service,
      signal: series.signal,
      onset: onset ?? null,
      baselineMedian: anomaly.baseline.median,
      recentMedian: anomaly.recent.median,
      score: anomaly.score,
      points: downsample(series.points, EVIDENCE_POINTS),
    },
  };
}

function rangeFor(scope: InvestigationScope): TimeRange {
  const span = scope.now - scope.window.start;
  const stepSeconds = Math.max(MIN_STEP_SECONDS, Math.ceil(span / MAX_STEPS / 15) * 15);
  return { start: scope.window.start, end: scope.now, stepSeconds };
}

function downsample(points: Point[], most: number): Point[] {
  if (points.length <= most) return points;
  const every = points.length / most;
  return Array.from({ length: most }, (_, index) => points[Math.floor(index * every)]!).concat([
    points.at(-1)!,
  ]);
}

function format(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : Number(value.toPrecision(3)).toString();
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
