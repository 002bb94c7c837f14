import type { Point } from "../../../src/analysis/point.ts";

/** A seeded generator (mulberry32), so synthetic series are the same on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal noise from a seeded generator (Box–Muller). */
export function gaussian(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
}

/** Points at `start + i·step` with values `valueAt(i)`. */
export function series(
  count: number,
  step: number,
  valueAt: (i: number) => number,
  start = 1_700_000_000,
): Point[] {
  return Array.from({ length: count }, (_, i) => [start + i * step, valueAt(i)] as const);
}
