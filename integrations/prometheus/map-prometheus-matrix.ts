import type { Labels, Series } from "../../src/ports/metrics-source.ts";

/**
 * A `query_range` result as the port's `Series[]`: values parsed to numbers ("NaN", "+Inf" and
 * "-Inf" included, as Prometheus spells them). Native-histogram samples have no float value and are
 * left out. Returns null when the data is not a matrix, so the caller can say so.
 */
export function mapPrometheusMatrix(data: unknown): Series[] | null {
  if (!isRecord(data) || data.resultType !== "matrix" || !Array.isArray(data.result)) return null;
  const out: Series[] = [];
  for (const item of data.result) {
    if (!isRecord(item)) return null;
    const metric = mapLabels(item.metric);
    if (!metric) return null;
    const values: Array<[number, number]> = [];
    for (const sample of Array.isArray(item.values) ? item.values : []) {
      if (!Array.isArray(sample) || typeof sample[0] !== "number" || typeof sample[1] !== "string")
        return null;
      values.push([sample[0], parseSampleValue(sample[1])]);
    }
    out.push({ metric, values });
  }
  return out;
}

/** Label sets from `/api/v1/series`; null when the data is not a list of string maps. */
export function mapLabelSets(data: unknown): Labels[] | null {
  if (!Array.isArray(data)) return null;
  const out: Labels[] = [];
  for (const item of data) {
    const labels = mapLabels(item);
    if (!labels) return null;
    out.push(labels);
  }
  return out;
}

/** Prometheus' float formatting: Go's strconv for finite values, and its own words for the rest. */
export function parseSampleValue(text: string): number {
  switch (text) {
    case "+Inf":
    case "Inf":
      return Number.POSITIVE_INFINITY;
    case "-Inf":
      return Number.NEGATIVE_INFINITY;
    case "NaN":
      return Number.NaN;
    default:
      return Number(text);
  }
}

function mapLabels(value: unknown): Labels | null {
  if (!isRecord(value)) return null;
  const labels: Labels = {};
  for (const [key, label] of Object.entries(value)) {
    if (typeof label !== "string") return null;
    labels[key] = label;
  }
  return labels;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
