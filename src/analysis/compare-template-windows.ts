import type { RootCauseKind } from "../domain/index.ts";
import { classifyLogCause } from "./classify-log-cause.ts";
import { type LogLevel, parseLogLine } from "./parse-log-line.ts";
import { createTemplateMiner, type TemplateMinerOptions } from "./template-miner.ts";

/** A raw line, or a line with the level its stream carries (Loki `level` label). */
export type LogLineInput = string | { line: string; level?: string };

export interface TemplateWindowOptions {
  /** Length of the baseline window; with `incidentSeconds` it turns counts into comparable rates. */
  baselineSeconds?: number;
  incidentSeconds?: number;
  miner?: TemplateMinerOptions;
  /** Smallest rate ratio (either way) for a frequency jump. Default 3. */
  minJumpRatio?: number;
  /** Smallest Poisson score for a frequency jump. Default 3. */
  minJumpScore?: number;
}

export interface TemplateStat {
  templateId: string;
  template: string;
  /** First incident line of the template (first baseline line when it has none), unmasked. */
  sample: string;
  /** Most severe level among its lines. */
  level: LogLevel;
  isError: boolean;
  baselineCount: number;
  incidentCount: number;
  /** What the sample's wording points at (`classifyLogCause`). */
  cause: RootCauseKind | null;
}

export interface TemplateJump extends TemplateStat {
  direction: "up" | "down";
  /** Incident rate / baseline rate, each smoothed by half a line. */
  ratio: number;
  /** (observed − expected) / √expected, expected from the baseline rate. */
  score: number;
}

export interface ErrorBurst {
  baselineErrors: number;
  incidentErrors: number;
  baselineTotal: number;
  incidentTotal: number;
  /** Error lines per second (per window when durations are not given). */
  baselineRate: number;
  incidentRate: number;
  ratio: number;
  /** Poisson score of the incident error count against the baseline rate; > 3 is a burst. */
  score: number;
  baselineErrorShare: number;
  incidentErrorShare: number;
}

export interface TemplateWindowComparison {
  /** Templates seen only in the incident window: errors first, then by count. */
  newTemplates: TemplateStat[];
  errorBurst: ErrorBurst;
  /** Templates whose rate moved by `minJumpRatio` and `minJumpScore`: largest score first. */
  jumps: TemplateJump[];
  templateCount: number;
}

const SEVERITY: Record<LogLevel, number> = { unknown: 0, debug: 1, info: 2, warn: 3, error: 4, fatal: 5 };

interface Tally {
  baseline: number;
  incident: number;
  level: LogLevel;
  isError: boolean;
  sample: string | null;
  baselineSample: string;
}

/** Poisson deviation of `observed` from the count a baseline rate predicts, smoothed for empty baselines. */
export function poissonScore(baselineCount: number, observed: number, incidentPerBaseline: number): number {
  const expected = (baselineCount + 0.5) * incidentPerBaseline;
  return (observed - expected) / Math.sqrt(expected);
}

/**
 * Mines one set of templates over both windows (baseline first, so a template that existed
 * before keeps its id) and reports what the incident window added: templates never seen in
 * the baseline, a burst of error lines, and templates whose rate jumped or collapsed.
 */
export function compareTemplateWindows(
  baselineLines: readonly LogLineInput[],
  incidentLines: readonly LogLineInput[],
  options: TemplateWindowOptions = {},
): TemplateWindowComparison {
  const miner = createTemplateMiner(options.miner);
  const tallies = new Map<string, Tally>();
  const errors = { baseline: 0, incident: 0 };
  const feed = (input: LogLineInput, window: "baseline" | "incident") => {
    const raw = typeof input === "string" ? input : input.line;
    const parsed = parseLogLine(raw, typeof input === "string" ? undefined : input.level);
    const id = miner.addMessage(parsed.message);
    const tally = tallies.get(id) ?? {
      baseline: 0,
      incident: 0,
      level: "unknown",
      isError: false,
      sample: null,
      baselineSample: parsed.message,
    };
    tally[window]++;
    if (window === "incident") tally.sample ??= parsed.message;
    if (SEVERITY[parsed.level] > SEVERITY[tally.level]) tally.level = parsed.level;
    tally.isError ||= parsed.isError;
    if (parsed.isError) errors[window]++;
    tallies.set(id, tally);
  };
  for (const line of baselineLines) feed(line, "baseline");
  for (const line of incidentLines) feed(line, "incident");

  // How much longer the incident window is than the baseline; 1 when durations are unknown.
  const perBaseline =
    options.baselineSeconds && options.incidentSeconds
      ? options.incidentSeconds / options.baselineSeconds
      : 1;
  const stats = [...tallies.entries()].map(([id, tally]): TemplateStat => {
    const sample = tally.sample ?? tally.baselineSample;
    return {
      templateId: id,
      template: miner.get(id)?.text ?? "",
      sample,
      level: tally.level,
      isError: tally.isError,
      baselineCount: tally.baseline,
      incidentCount: tally.incident,
      cause: classifyLogCause(sample),
    };
  });
  const newTemplates = stats
    .filter((stat) => stat.baselineCount === 0 && stat.incidentCount > 0)
    .sort((a, b) => Number(b.isError) - Number(a.isError) || b.incidentCount - a.incidentCount);
  const minRatio = options.minJumpRatio ?? 3;
  const minScore = options.minJumpScore ?? 3;
  const jumps = stats
    .filter((stat) => stat.baselineCount > 0)
    .map((stat): TemplateJump => {
      const ratio = (stat.incidentCount + 0.5) / ((stat.baselineCount + 0.5) * perBaseline);
      const score = poissonScore(stat.baselineCount, stat.incidentCount, perBaseline);
      return { ...stat, direction: ratio >= 1 ? "up" : "down", ratio, score };
    })
    .filter(
      (jump) => (jump.ratio >= minRatio || jump.ratio <= 1 / minRatio) && Math.abs(jump.score) >= minScore,
    )
    .sort((a, b) => Math.abs(b.score) - Math.abs(a.score));
  return {
    newTemplates,
    errorBurst: errorBurst(errors, baselineLines.length, incidentLines.length, perBaseline, options),
    jumps,
    templateCount: tallies.size,
  };
}

function errorBurst(
  errors: { baseline: number; incident: number },
  baselineTotal: number,
  incidentTotal: number,
  perBaseline: number,
  options: TemplateWindowOptions,
): ErrorBurst {
  const timed = Boolean(options.baselineSeconds && options.incidentSeconds);
  const baselineRate = errors.baseline / (timed ? options.baselineSeconds! : 1);
  const incidentRate = errors.incident / (timed ? options.incidentSeconds! : 1);
  return {
    baselineErrors: errors.baseline,
    incidentErrors: errors.incident,
    baselineTotal,
    incidentTotal,
    baselineRate,
    incidentRate,
    ratio: (errors.incident + 0.5) / ((errors.baseline + 0.5) * perBaseline),
    score: poissonScore(errors.baseline, errors.incident, perBaseline),
    baselineErrorShare: baselineTotal === 0 ? 0 : errors.baseline / baselineTotal,
    incidentErrorShare: incidentTotal === 0 ? 0 : errors.incident / incidentTotal,
  };
}
