import type { MatrixSelector } from "./ast.ts";
import type { SeriesIndex } from "./series-index.ts";
import { lastAtOrBefore } from "./series-index.ts";
import { dropMetricName, emptyStepVector, mergeSameLabels, type StepVector } from "./step-vector.ts";

type WindowFunction = (window: Window, step: number) => number | undefined;

interface Window {
  times: Float64Array;
  values: Float64Array;
  /** Inclusive sample indices inside (rangeStart, rangeEnd]. */
  first: number;
  last: number;
  rangeStart: number;
  rangeEnd: number;
  rangeSeconds: number;
}

/**
 * Functions over a range selector. Each step looks at the samples in (t - offset - range,
 * t - offset], the left-open window of Prometheus 3.
 */
export function evaluateRangeFunction(
  name: string,
  matrix: MatrixSelector,
  index: SeriesIndex,
  times: Float64Array,
  phi?: Float64Array,
): StepVector[] {
  const compute = windowFunction(name, phi);
  const { rangeSeconds } = matrix;
  const offset = matrix.vector.offsetSeconds;
  const out: StepVector[] = [];
  for (const stored of index.select(matrix.vector.matchers)) {
    // Prometheus keeps the metric name only for last_over_time among these functions.
    const labels = name === "last_over_time" ? stored.labels : dropMetricName(stored.labels);
    const vector = emptyStepVector(labels, times.length);
    let any = false;
    for (let step = 0; step < times.length; step++) {
      const rangeEnd = (times[step] as number) - offset;
      const rangeStart = rangeEnd - rangeSeconds;
      const last = lastAtOrBefore(stored.times, rangeEnd);
      const first = lastAtOrBefore(stored.times, rangeStart) + 1;
      if (last < first) continue;
      const value = compute(
        { times: stored.times, values: stored.values, first, last, rangeStart, rangeEnd, rangeSeconds },
        step,
      );
      if (value === undefined) continue;
      vector.values[step] = value;
      vector.present[step] = 1;
      any = true;
    }
    if (any) out.push(vector);
  }
  return mergeSameLabels(out);
}

function windowFunction(name: string, phi?: Float64Array): WindowFunction {
  switch (name) {
    case "rate":
      return (window) => extrapolatedDelta(window, true, true);
    case "increase":
      return (window) => extrapolatedDelta(window, true, false);
    case "delta":
      return (window) => extrapolatedDelta(window, false, false);
    case "irate":
      return (window) => instantDelta(window, true);
    case "idelta":
      return (window) => instantDelta(window, false);
    case "resets":
      return (window) => countPairs(window, (previous, current) => current < previous);
    case "changes":
      return (window) =>
        countPairs(
          window,
          (previous, current) => previous !== current && !(Number.isNaN(previous) && Number.isNaN(current)),
        );
    case "count_over_time":
      return (window) => window.last - window.first + 1;
    case "last_over_time":
      return (window) => window.values[window.last] as number;
    case "sum_over_time":
      return (window) => reduce(window, (sum, value) => sum + value, 0);
    case "avg_over_time":
      return (window) => reduce(window, (sum, value) => sum + value, 0) / (window.last - window.first + 1);
    case "min_over_time":
      return (window) =>
        reduce(window, (min, value) => (value < min || Number.isNaN(min) ? value : min), Number.NaN);
    case "max_over_time":
      return (window) =>
        reduce(window, (max, value) => (value > max || Number.isNaN(max) ? value : max), Number.NaN);
    case "stddev_over_time":
      return (window) => {
        const values = Array.from(window.values.subarray(window.first, window.last + 1));
        const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
        return Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length);
      };
    case "quantile_over_time":
      return (window, step) =>
        quantile(
          phi?.[step] ?? Number.NaN,
          Array.from(window.values.subarray(window.first, window.last + 1)),
        );
    default:
      throw new Error(`no range function ${name}`);
  }
}

/**
 * Prometheus' extrapolatedRate: the increase between the first and last sample in the window,
 * with counter resets added back, extrapolated to the window edges when the samples reach to
 * within 1.1 average intervals of them (else by half an interval), and never extrapolated below
 * a counter's zero point.
 */
function extrapolatedDelta(window: Window, isCounter: boolean, isRate: boolean): number | undefined {
  const { times, values, first, last } = window;
  if (last - first < 1) return undefined;
  const firstValue = values[first] as number;
  let result = (values[last] as number) - firstValue;
  if (isCounter) {
    for (let i = first + 1; i <= last; i++) {
      const previous = values[i - 1] as number;
      if ((values[i] as number) < previous) result += previous;
    }
  }
  const firstTime = times[first] as number;
  const lastTime = times[last] as number;
  const sampledInterval = lastTime - firstTime;
  const averageInterval = sampledInterval / (last - first);
  const threshold = averageInterval * 1.1;
  let durationToStart = firstTime - window.rangeStart;
  let durationToEnd = window.rangeEnd - lastTime;
  if (durationToStart >= threshold) durationToStart = averageInterval / 2;
  if (isCounter && result > 0) {
    const durationToZero = sampledInterval * (firstValue / result);
    if (durationToZero < durationToStart) durationToStart = durationToZero;
  }
  if (durationToEnd >= threshold) durationToEnd = averageInterval / 2;
  let factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
  if (isRate) factor /= window.rangeSeconds;
  return result * factor;
}

function instantDelta(window: Window, isRate: boolean): number | undefined {
  const { times, values, last } = window;
  if (last - window.first < 1) return undefined;
  const current = values[last] as number;
  const previous = values[last - 1] as number;
  if (!isRate) return current - previous;
  const seconds = (times[last] as number) - (times[last - 1] as number);
  if (seconds === 0) return undefined;
  // After a counter reset the new value is the whole increase since the reset.
  return (current < previous ? current : current - previous) / seconds;
}

function countPairs(window: Window, counts: (previous: number, current: number) => boolean): number {
  let total = 0;
  for (let i = window.first + 1; i <= window.last; i++) {
    if (counts(window.values[i - 1] as number, window.values[i] as number)) total++;
  }
  return total;
}

function reduce(
  window: Window,
  step: (accumulator: number, value: number) => number,
  initial: number,
): number {
  let accumulator = initial;
  for (let i = window.first; i <= window.last; i++)
    accumulator = step(accumulator, window.values[i] as number);
  return accumulator;
}

/** Prometheus' quantile: linear interpolation between closest ranks. */
export function quantile(phi: number, input: number[]): number {
  if (input.length === 0 || Number.isNaN(phi)) return Number.NaN;
  if (phi < 0) return -Infinity;
  if (phi > 1) return Infinity;
  const values = [...input].sort((a, b) => a - b);
  const rank = phi * (values.length - 1);
  const lower = Math.max(0, Math.floor(rank));
  const upper = Math.min(values.length - 1, lower + 1);
  const weight = rank - Math.floor(rank);
  return (values[lower] as number) * (1 - weight) + (values[upper] as number) * weight;
}
