import type { ContainerRun, PodPlan } from "../model.ts";
import type { Rng } from "../rng.ts";
import type { World } from "../world.ts";

export type Labels = Record<string, string>;

/** One series in Prometheus `query_range` matrix form. */
export interface SeriesOut {
  metric: Labels;
  values: Array<[number, string]>;
}

export function fmtInt(v: number): string {
  return String(Math.round(v));
}

/** Up to `digits` significant digits, no exponent, no trailing zeros. */
export function fmtSig(v: number, digits = 4): string {
  if (!Number.isFinite(v)) return v > 0 ? "+Inf" : v < 0 ? "-Inf" : "NaN";
  if (v === 0) return "0";
  const magnitude = Math.floor(Math.log10(Math.abs(v)));
  const decimals = Math.max(0, digits - 1 - magnitude);
  return String(Number(v.toFixed(Math.min(decimals, 9))));
}

export function fmtFixed(v: number, decimals = 3): string {
  return String(Number(v.toFixed(decimals)));
}

export function labels(name: string, rest: Labels): Labels {
  return { __name__: name, ...rest };
}

/** Samples a gauge at every grid time where `fn` answers a number. */
export function gauge(
  metric: Labels,
  times: number[],
  fn: (t: number) => number | undefined,
  fmt = fmtSig,
): SeriesOut | null {
  const values: Array<[number, string]> = [];
  for (const t of times) {
    const v = fn(t);
    if (v !== undefined && Number.isFinite(v)) values.push([t, fmt(v)]);
  }
  return values.length > 0 ? { metric, values } : null;
}

export function binomial(rng: Rng, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (n < 25) {
    let k = 0;
    for (let i = 0; i < n; i++) if (rng.next() < p) k++;
    return k;
  }
  const k = Math.round(n * p + Math.sqrt(n * p * (1 - p)) * rng.normal());
  return Math.min(n, Math.max(0, k));
}

/**
 * Cumulative per-pod counters that reset when the container restarts, as an app's own
 * `/metrics` does. `increments(t, dt)` gives the counts since the last scrape; a run that began
 * before the window starts from `initial(run)`.
 */
export function podCumulative(
  world: World,
  pod: PodPlan,
  width: number,
  increments: (t: number, dt: number) => number[],
  initial: (run: ContainerRun) => number[],
): Map<number, number[]> {
  const out = new Map<number, number[]>();
  let current: number[] = [];
  let lastRun: ContainerRun | undefined;
  let lastT = 0;
  for (const t of world.times) {
    if (!world.scraped(pod, t)) continue;
    const run = world.runAt(pod, t);
    if (!run) continue;
    if (run !== lastRun) {
      if (run.from < world.start - world.step) current = initial(run);
      else {
        const dt = Math.max(1, t - Math.max(run.from, pod.readyAt));
        current = t > pod.readyAt ? increments(t, dt) : new Array<number>(width).fill(0);
      }
      lastRun = run;
    } else {
      const inc = increments(t, t - lastT);
      current = current.map((v, i) => v + (inc[i] ?? 0));
    }
    lastT = t;
    out.set(t, current.slice());
  }
  return out;
}
