/** Normal CDF (Abramowitz-Stegun 7.1.26 via erf), good to ~1e-7. */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const y =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y);
}

/** Inverse normal CDF (Acklam). */
export function normalQuantile(p: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const q = Math.min(Math.max(p, 1e-12), 1 - 1e-12);
  const at = (arr: number[], i: number) => arr[i] ?? 0;
  if (q < 0.02425) {
    const r = Math.sqrt(-2 * Math.log(q));
    return (
      (((((at(c, 0) * r + at(c, 1)) * r + at(c, 2)) * r + at(c, 3)) * r + at(c, 4)) * r + at(c, 5)) /
      ((((at(d, 0) * r + at(d, 1)) * r + at(d, 2)) * r + at(d, 3)) * r + 1)
    );
  }
  if (q > 1 - 0.02425) return -normalQuantile(1 - q);
  const r = q - 0.5;
  const s = r * r;
  return (
    ((((((at(a, 0) * s + at(a, 1)) * s + at(a, 2)) * s + at(a, 3)) * s + at(a, 4)) * s + at(a, 5)) * r) /
    (((((at(b, 0) * s + at(b, 1)) * s + at(b, 2)) * s + at(b, 3)) * s + at(b, 4)) * s + 1)
  );
}

export interface LatencyShape {
  median: number;
  sigma: number;
  timeoutFrac: number;
  timeoutSec: number;
}

/** Share of requests at or under `le` seconds: a lognormal body plus a mass at the timeout. */
export function latencyCdf(shape: LatencyShape, le: number): number {
  const body = le <= 0 ? 0 : normalCdf(Math.log(le / shape.median) / shape.sigma);
  const timeouts = le >= shape.timeoutSec ? shape.timeoutFrac : 0;
  return (1 - shape.timeoutFrac) * body + timeouts;
}

export function latencyQuantile(shape: LatencyShape, q: number): number {
  if (q >= 1 - shape.timeoutFrac) return shape.timeoutSec;
  const inner = q / (1 - shape.timeoutFrac);
  return Math.min(shape.timeoutSec, shape.median * Math.exp(shape.sigma * normalQuantile(inner)));
}

export function latencyMean(shape: LatencyShape): number {
  const body = Math.min(shape.timeoutSec, shape.median * Math.exp((shape.sigma * shape.sigma) / 2));
  return (1 - shape.timeoutFrac) * body + shape.timeoutFrac * shape.timeoutSec;
}
