import { dropMetricName, emptyStepVector, labelKey, type StepVector, withoutLabels } from "./step-vector.ts";

interface Bucket {
  upperBound: number;
  count: number;
}

/**
 * `histogram_quantile(φ, v)` over classic `_bucket` series: buckets are grouped by their labels
 * without `le` and `__name__`, and the quantile is linearly interpolated inside the bucket that
 * holds the rank, as Prometheus' bucketQuantile does. Series without a numeric `le` are ignored.
 */
export function histogramQuantile(phi: Float64Array, input: StepVector[], steps: number): StepVector[] {
  const groups = new Map<
    string,
    { labels: StepVector["labels"]; members: Array<{ upperBound: number; series: StepVector }> }
  >();
  for (const series of input) {
    const le = series.labels.le;
    if (le === undefined) continue;
    const upperBound = parseBound(le);
    if (Number.isNaN(upperBound)) continue;
    const labels = withoutLabels(dropMetricName(series.labels), ["le"]);
    const key = labelKey(labels);
    const group = groups.get(key);
    if (group) group.members.push({ upperBound, series });
    else groups.set(key, { labels, members: [{ upperBound, series }] });
  }
  const out: StepVector[] = [];
  for (const group of groups.values()) {
    const vector = emptyStepVector(group.labels, steps);
    let any = false;
    for (let step = 0; step < steps; step++) {
      const buckets: Bucket[] = [];
      for (const { upperBound, series } of group.members) {
        if (series.present[step]) buckets.push({ upperBound, count: series.values[step] as number });
      }
      if (buckets.length === 0) continue;
      vector.values[step] = bucketQuantile(phi[step] as number, buckets);
      vector.present[step] = 1;
      any = true;
    }
    if (any) out.push(vector);
  }
  return out;
}

function parseBound(text: string): number {
  const lower = text.toLowerCase();
  if (lower === "+inf" || lower === "inf") return Infinity;
  const value = Number(text);
  return text.trim() === "" ? Number.NaN : value;
}

export function bucketQuantile(phi: number, unsorted: Bucket[]): number {
  if (Number.isNaN(phi)) return Number.NaN;
  if (phi < 0) return -Infinity;
  if (phi > 1) return Infinity;
  const buckets = coalesce(unsorted.sort((a, b) => a.upperBound - b.upperBound));
  const highest = buckets[buckets.length - 1];
  if (!highest || highest.upperBound !== Infinity || buckets.length < 2) return Number.NaN;
  // Rates of neighbouring buckets can be slightly non-monotonic from float error or scrape skew.
  let maximum = -Infinity;
  for (const bucket of buckets) {
    if (bucket.count < maximum) bucket.count = maximum;
    maximum = bucket.count;
  }
  const observations = highest.count;
  if (observations === 0 || Number.isNaN(observations)) return Number.NaN;
  let rank = phi * observations;
  let index = buckets.findIndex((bucket) => bucket.count >= rank);
  if (index === -1) index = buckets.length - 1;
  if (index === buckets.length - 1) return (buckets[buckets.length - 2] as Bucket).upperBound;
  const bucket = buckets[index] as Bucket;
  if (index === 0 && bucket.upperBound <= 0) return bucket.upperBound;
  let bucketStart = 0;
  let count = bucket.count;
  if (index > 0) {
    const previous = buckets[index - 1] as Bucket;
    bucketStart = previous.upperBound;
    count -= previous.count;
    rank -= previous.count;
  }
  return bucketStart + (bucket.upperBound - bucketStart) * (rank / count);
}

function coalesce(sorted: Bucket[]): Bucket[] {
  const out: Bucket[] = [];
  for (const bucket of sorted) {
    const last = out[out.length - 1];
    if (last && last.upperBound === bucket.upperBound) last.count += bucket.count;
    else out.push({ ...bucket });
  }
  return out;
}
