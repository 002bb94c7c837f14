import type { Point } from "./point.ts";

export interface GridOptions {
  stepSeconds: number;
  /** First grid time; default: the first sample time rounded up to a multiple of the step. */
  start?: number;
  /** Last grid time (inclusive); default: the last sample time. */
  end?: number;
  /** How old a sample may be and still stand for a grid time. Default 300 s, as in Prometheus. */
  lookbackSeconds?: number;
}

function gridTimes(start: number, end: number, step: number): number[] {
  const times: number[] = [];
  if (!(step > 0) || !Number.isFinite(start) || !Number.isFinite(end)) return times;
  for (let time = start; time <= end; time += step) times.push(time);
  return times;
}

function valuesOnGrid(
  points: readonly Point[],
  times: readonly number[],
  lookback: number,
): Array<number | null> {
  const samples = points.filter((point) => Number.isFinite(point[1]));
  const out: Array<number | null> = [];
  let next = 0;
  let latest: Point | undefined;
  for (const time of times) {
    while (next < samples.length && samples[next]![0] <= time) latest = samples[next++];
    out.push(latest !== undefined && time - latest[0] <= lookback ? latest[1] : null);
  }
  return out;
}

/**
 * Values on a regular grid the way a Prometheus range query samples them: each grid time takes
 * the newest sample at or before it, if that sample is within the look-back; otherwise the grid
 * time is left out.
 */
export function resampleToStep(points: readonly Point[], options: GridOptions): Point[] {
  const first = points[0];
  const last = points.at(-1);
  if (first === undefined || last === undefined) return [];
  const step = options.stepSeconds;
  const start = options.start ?? Math.ceil(first[0] / step) * step;
  const times = gridTimes(start, options.end ?? last[0], step);
  const values = valuesOnGrid(points, times, options.lookbackSeconds ?? 300);
  const out: Point[] = [];
  times.forEach((time, i) => {
    const value = values[i];
    if (value !== null && value !== undefined) out.push([time, value]);
  });
  return out;
}

export interface AlignedSeries {
  times: number[];
  /** One row per input series, one cell per grid time; null where that series has no sample. */
  rows: Array<Array<number | null>>;
}

/** Several series on one shared grid, spanning all of them unless `start`/`end` say otherwise. */
export function alignSeries(series: ReadonlyArray<readonly Point[]>, options: GridOptions): AlignedSeries {
  const step = options.stepSeconds;
  const firsts = series.flatMap((points) => (points[0] ? [points[0][0]] : []));
  const lasts = series.flatMap((points) => (points.length > 0 ? [points.at(-1)![0]] : []));
  if (firsts.length === 0) return { times: [], rows: series.map(() => []) };
  const start = options.start ?? Math.ceil(Math.min(...firsts) / step) * step;
  const times = gridTimes(start, options.end ?? Math.max(...lasts), step);
  const lookback = options.lookbackSeconds ?? 300;
  return { times, rows: series.map((points) => valuesOnGrid(points, times, lookback)) };
}

export type Aggregation = "sum" | "mean" | "max" | "min";

/**
 * One series from many (e.g. per-pod rates into a per-service rate), on a shared grid. A
 * series without a sample at a grid time is left out of that cell rather than counted as 0;
 * a cell no series covers is dropped.
 */
export function combineSeries(
  series: ReadonlyArray<readonly Point[]>,
  aggregation: Aggregation,
  options: GridOptions,
): Point[] {
  const { times, rows } = alignSeries(series, options);
  const out: Point[] = [];
  times.forEach((time, column) => {
    const cells = rows.map((row) => row[column]).filter((x): x is number => typeof x === "number");
    if (cells.length === 0) return;
    out.push([time, aggregate(cells, aggregation)]);
  });
  return out;
}

function aggregate(cells: readonly number[], aggregation: Aggregation): number {
  switch (aggregation) {
    case "sum":
      return cells.reduce((sum, x) => sum + x, 0);
    case "mean":
      return cells.reduce((sum, x) => sum + x, 0) / cells.length;
    case "max":
      return Math.max(...cells);
    case "min":
      return Math.min(...cells);
    default: {
      const unreachable: never = aggregation;
      throw new Error(`unknown aggregation ${String(unreachable)}`);
    }
  }
}

export interface RatioOptions extends GridOptions {
  /** Treat a missing numerator as 0 (error counters often appear only after the first error). */
  missingNumeratorAsZero?: boolean;
}

/** numerator / denominator on a shared grid (e.g. error ratio); cells with a denominator ≤ 0 are dropped. */
export function ratioSeries(
  numerator: readonly Point[],
  denominator: readonly Point[],
  options: RatioOptions,
): Point[] {
  const { times, rows } = alignSeries([numerator, denominator], options);
  const out: Point[] = [];
  times.forEach((time, column) => {
    const top = rows[0]?.[column] ?? (options.missingNumeratorAsZero ? 0 : null);
    const bottom = rows[1]?.[column] ?? null;
    if (top === null || bottom === null || !(bottom > 0)) return;
    out.push([time, top / bottom]);
  });
  return out;
}
