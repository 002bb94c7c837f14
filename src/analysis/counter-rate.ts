import type { Point } from "./point.ts";

export interface CounterRateOptions {
  /**
   * Look-back of each rate, like the range in PromQL `rate(x[5m])`: the increase between the
   * oldest and the newest sample inside `[t - windowSeconds, t]`, divided by their time
   * distance. Without it, each rate is taken against the previous sample,
   * which keeps an onset as sharp as the data allows.
   */
  windowSeconds?: number;
}

/**
 * Per-second rate of a cumulative counter, with Prometheus reset semantics: a drop means the
 * process restarted and counted from zero, so the increase across it is the new value itself.
 * Unlike PromQL we do not extrapolate to the window edges; a point without an older sample in
 * its window yields no rate. Non-finite samples are skipped.
 */
export function counterToRate(points: readonly Point[], options: CounterRateOptions = {}): Point[] {
  const samples = points.filter((point) => Number.isFinite(point[1]) && Number.isFinite(point[0]));
  const window = options.windowSeconds;
  const rates: Point[] = [];
  // increaseUpTo[i]: total increase from sample 0 to sample i, resets folded in.
  const increaseUpTo: number[] = [];
  let total = 0;
  for (let i = 0; i < samples.length; i++) {
    if (i > 0) {
      const previous = samples[i - 1]![1];
      const current = samples[i]![1];
      total += current >= previous ? current - previous : current;
    }
    increaseUpTo.push(total);
  }
  let oldest = 0;
  for (let i = 1; i < samples.length; i++) {
    const time = samples[i]![0];
    if (window === undefined) {
      oldest = i - 1;
    } else {
      while (oldest < i && samples[oldest]![0] < time - window) oldest++;
    }
    if (oldest >= i) continue;
    const elapsed = time - samples[oldest]![0];
    if (elapsed <= 0) continue;
    rates.push([time, (increaseUpTo[i]! - increaseUpTo[oldest]!) / elapsed]);
  }
  return rates;
}

const COUNTER_SUFFIXES = ["_total", "_count", "_sum", "_bucket"];

// Names that say "a level, not a running total" even when the values happen to only rise
// (a leaking heap, a filling disk, a growing backlog).
const GAUGE_NAME = new RegExp(
  [
    "bytes$",
    "percent",
    "ratio",
    "usage",
    "utili[sz]ation",
    "memory",
    "temperature",
    "_info$",
    "expir",
    "timestamp",
    "replicas",
    "lag",
    "queue",
    "in_?flight",
    "active",
    "current",
    "size",
    "latency",
    "quantile",
    "p\\d{2,3}",
    "_gauge$",
    "^up$",
    "_seconds$",
  ].join("|"),
  "i",
);

/**
 * Whether a series is a cumulative counter that needs `counterToRate` before analysis. The
 * name decides when it can (Prometheus suffixes `_total`, `_count`, `_sum`, `_bucket`, or a
 * gauge-like word); otherwise the values must be non-negative and rise in most steps, any drop
 * must fall below half the previous value (a reset, not a wobble), and resets must be rare.
 */
export function looksLikeCounter(name: string, values: readonly number[]): boolean {
  if (COUNTER_SUFFIXES.some((suffix) => name.endsWith(suffix))) return true;
  if (name !== "" && GAUGE_NAME.test(name)) return false;
  const finite = values.filter(Number.isFinite);
  if (finite.length < 4 || finite.some((x) => x < 0)) return false;
  let rises = 0;
  let resets = 0;
  for (let i = 1; i < finite.length; i++) {
    const previous = finite[i - 1]!;
    const current = finite[i]!;
    if (current > previous) rises++;
    else if (current < previous) {
      if (current > previous / 2) return false;
      resets++;
    }
  }
  const steps = finite.length - 1;
  return rises >= steps / 2 && resets <= Math.max(1, Math.floor(steps / 10));
}
