/** One sample, `[unix seconds, value]`, the shape `Series.values` from the metrics port holds. */
export type Point = readonly [time: number, value: number];

/** Values of points, in order. */
export function valuesOf(points: readonly Point[]): number[] {
  return points.map((point) => point[1]);
}

/** The median spacing between consecutive samples in seconds; NaN under two points. */
export function medianStep(points: readonly Point[]): number {
  const steps: number[] = [];
  for (let i = 1; i < points.length; i++) steps.push(points[i]![0] - points[i - 1]![0]);
  if (steps.length === 0) return Number.NaN;
  steps.sort((a, b) => a - b);
  return steps[Math.floor(steps.length / 2)]!;
}
