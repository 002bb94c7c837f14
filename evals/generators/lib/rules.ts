import type { AlertRule } from "./case-builder.ts";
import { backlogAt } from "./metrics/stream-exporters.ts";
import { latencyCdf, latencyQuantile } from "./stats.ts";
import type { World } from "./world.ts";

type Signal = (w: World, t: number) => number;

/** What `rate(...[5m])`-style rules see: the signal averaged over the trailing window. */
export function avgOver(fn: Signal, window = 300): Signal {
  return (w, t) => {
    let sum = 0;
    let n = 0;
    for (let u = t - window; u <= t; u += 15) {
      sum += fn(w, u);
      n++;
    }
    return sum / Math.max(1, n);
  };
}

const SERVER_ERRORS = new Set([
  "Internal",
  "Unavailable",
  "DeadlineExceeded",
  "Unknown",
  "DataLoss",
  "ResourceExhausted",
  "error",
]);

/** Share of requests that failed on the server side: 5xx, gRPC server codes, worker errors (not 4xx, not NotFound). */
export function serverErrorShare(w: World, service: string, t: number): number {
  let sum = 0;
  for (const [code, ratio] of w.codes(service, t))
    if (code.startsWith("5") || SERVER_ERRORS.has(code)) sum += ratio;
  return sum;
}

/** What `max_over_time(...[5m])` sees. */
export function maxOver(fn: Signal, window = 300): Signal {
  return (w, t) => {
    let best = Number.NEGATIVE_INFINITY;
    for (let u = t - window; u <= t; u += 15) best = Math.max(best, fn(w, u));
    return best;
  };
}

/** Request-weighted server error ratio over the services (the sum over several services' counters). */
export const errorRatio = (...services: string[]): Signal =>
  avgOver((w, t) => {
    let errors = 0;
    let total = 0;
    for (const s of services) {
      const r = w.rps(s, t);
      errors += r * serverErrorShare(w, s, t);
      total += r;
    }
    return total > 0 ? errors / total : 0;
  });

export const codeRatio = (service: string, code: string): Signal =>
  avgOver((w, t) => w.codes(service, t).get(code) ?? 0);

/** `histogram_quantile(q, sum(rate(..._bucket[5m])))` over a service's latency mixture, interpolated like Prometheus does within buckets. */
export const quantile = (service: string, q: number, buckets = [0.025, 0.1, 0.25, 1, 2.5]): Signal =>
  avgOver((w, t) => {
    const shape = w.latency(service, t);
    let prevLe = 0;
    let prevCdf = 0;
    for (const le of buckets) {
      const cdf = latencyCdf(shape, le);
      if (cdf >= q) return prevLe + ((le - prevLe) * (q - prevCdf)) / Math.max(1e-9, cdf - prevCdf);
      prevLe = le;
      prevCdf = cdf;
    }
    return buckets[buckets.length - 1] ?? latencyQuantile(shape, q);
  });

export const rate = (service: string): Signal => avgOver((w, t) => w.rps(service, t));

export const channel =
  (service: string, name: string, base = 0): Signal =>
  (w, t) =>
    base + w.ch(service, name, t);

export function rule(value: Signal, op: ">" | "<", threshold: number, forSec: number): AlertRule {
  return { value, op, threshold, forSec };
}

export const pct = (v: number, digits = 1) => `${(v * 100).toFixed(digits)}%`;
export const secs = (v: number) => (v >= 1 ? `${v.toFixed(2)}s` : `${Math.round(v * 1000)}ms`);

/** `sum(kafka_consumergroup_lag{consumergroup=...})`: the backlog plus the usual in-flight messages. */
export const consumerLag =
  (service: string): Signal =>
  (w, t) =>
    backlogAt(w, service, t) + 150;
