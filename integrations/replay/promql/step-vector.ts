import type { Labels, Series } from "../../../src/ports/metrics-source.ts";
import { SourceQueryError } from "../../../src/ports/source-errors.ts";

/**
 * One output series across all evaluation steps of a range query. `present[i]` says whether the
 * series has a value at step i; NaN is a real value in PromQL, so absence needs its own flag.
 */
export interface StepVector {
  labels: Labels;
  values: Float64Array;
  present: Uint8Array;
}

export type EvalValue =
  | { type: "scalar"; values: Float64Array }
  | { type: "vector"; series: StepVector[] }
  | { type: "string"; value: string };

export function emptyStepVector(labels: Labels, steps: number): StepVector {
  return { labels, values: new Float64Array(steps), present: new Uint8Array(steps) };
}

export function labelKey(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((name) => `${name}\u0000${labels[name]}`)
    .join("\u0001");
}

export function dropMetricName(labels: Labels): Labels {
  if (!("__name__" in labels)) return labels;
  const { __name__: _dropped, ...rest } = labels;
  return rest;
}

export function keepLabels(labels: Labels, names: readonly string[]): Labels {
  const out: Labels = {};
  for (const name of names) {
    const value = labels[name];
    if (value !== undefined && value !== "") out[name] = value;
  }
  return out;
}

export function withoutLabels(labels: Labels, names: readonly string[]): Labels {
  const out: Labels = { ...labels };
  for (const name of names) delete out[name];
  return out;
}

/**
 * Series that became identical after labels were dropped are one series in Prometheus' result;
 * if both have a value at the same step, Prometheus refuses the query, and so do we.
 */
export function mergeSameLabels(series: StepVector[]): StepVector[] {
  const byKey = new Map<string, StepVector>();
  for (const item of series) {
    const key = labelKey(item.labels);
    const existing = byKey.get(key);
    if (!existing) {
      byKey.set(key, item);
      continue;
    }
    const merged: StepVector = {
      labels: existing.labels,
      values: Float64Array.from(existing.values),
      present: Uint8Array.from(existing.present),
    };
    for (let step = 0; step < merged.present.length; step++) {
      if (!item.present[step]) continue;
      if (merged.present[step]) {
        throw new SourceQueryError(
          "metrics",
          `vector cannot contain metrics with the same labelset ${key.replaceAll("\u0000", "=").replaceAll("\u0001", ",")}`,
        );
      }
      merged.present[step] = 1;
      merged.values[step] = item.values[step] as number;
    }
    byKey.set(key, merged);
  }
  return [...byKey.values()];
}

/** Matrix result as the port returns it: only steps with a value, series sorted by labels. */
export function toSeries(value: EvalValue, times: Float64Array): Series[] {
  if (value.type === "string")
    throw new SourceQueryError("metrics", "a string cannot be the result of a range query");
  const vectors =
    value.type === "scalar"
      ? [{ labels: {}, values: value.values, present: new Uint8Array(times.length).fill(1) }]
      : value.series;
  const out: Series[] = [];
  for (const vector of vectors) {
    const values: Array<[number, number]> = [];
    for (let step = 0; step < times.length; step++) {
      if (vector.present[step]) values.push([times[step] as number, vector.values[step] as number]);
    }
    if (values.length > 0) out.push({ metric: { ...vector.labels }, values });
  }
  return out.sort((a, b) => compareLabels(a.metric, b.metric));
}

function compareLabels(a: Labels, b: Labels): number {
  const keyA = labelKey(a);
  const keyB = labelKey(b);
  return keyA < keyB ? -1 : keyA > keyB ? 1 : 0;
}
