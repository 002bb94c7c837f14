import type { Aggregate } from "./ast.ts";
import { quantile } from "./range-functions.ts";
import {
  dropMetricName,
  emptyStepVector,
  keepLabels,
  labelKey,
  type StepVector,
  withoutLabels,
} from "./step-vector.ts";

interface Group {
  labels: StepVector["labels"];
  members: StepVector[];
}

/** `sum|avg|min|max|count|group|stddev|stdvar|quantile|topk|bottomk [by|without (...)]`. */
export function evaluateAggregate(
  node: Aggregate,
  input: StepVector[],
  steps: number,
  param?: Float64Array,
): StepVector[] {
  const groups = groupSeries(node, input);
  if (node.op === "topk" || node.op === "bottomk") return selectK(node.op, groups, steps, param);
  const out: StepVector[] = [];
  for (const group of groups) {
    const vector = emptyStepVector(group.labels, steps);
    let any = false;
    for (let step = 0; step < steps; step++) {
      const values: number[] = [];
      for (const member of group.members)
        if (member.present[step]) values.push(member.values[step] as number);
      if (values.length === 0) continue;
      vector.values[step] = combine(node.op, values, param?.[step] ?? Number.NaN);
      vector.present[step] = 1;
      any = true;
    }
    if (any) out.push(vector);
  }
  return out;
}

function groupSeries(node: Aggregate, input: StepVector[]): Group[] {
  const groups = new Map<string, Group>();
  for (const series of input) {
    const labels = node.without
      ? withoutLabels(dropMetricName(series.labels), node.grouping)
      : keepLabels(series.labels, node.grouping);
    const key = labelKey(labels);
    const group = groups.get(key);
    if (group) group.members.push(series);
    else groups.set(key, { labels, members: [series] });
  }
  return [...groups.values()];
}

function combine(op: Aggregate["op"], values: number[], phi: number): number {
  switch (op) {
    case "sum":
      return values.reduce((sum, value) => sum + value, 0);
    case "avg":
      return values.reduce((sum, value) => sum + value, 0) / values.length;
    case "min":
      return values.reduce((min, value) => (value < min || Number.isNaN(min) ? value : min));
    case "max":
      return values.reduce((max, value) => (value > max || Number.isNaN(max) ? value : max));
    case "count":
      return values.length;
    case "group":
      return 1;
    case "stddev":
      return Math.sqrt(variance(values));
    case "stdvar":
      return variance(values);
    case "quantile":
      return quantile(phi, values);
    case "topk":
    case "bottomk":
      throw new Error("topk and bottomk select series, they do not combine them");
    default: {
      const unreachable: never = op;
      return unreachable;
    }
  }
}

function variance(values: number[]): number {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
}

/** topk/bottomk keep the chosen input series with all their labels, step by step. */
function selectK(op: "topk" | "bottomk", groups: Group[], steps: number, param?: Float64Array): StepVector[] {
  const chosen = new Map<StepVector, StepVector>();
  const sign = op === "topk" ? -1 : 1;
  for (let step = 0; step < steps; step++) {
    const k = Math.trunc(param?.[step] ?? 0);
    if (k < 1) continue;
    for (const group of groups) {
      const present = group.members.filter((member) => member.present[step]);
      // NaN sorts last for both directions, as in Prometheus.
      present.sort((a, b) => {
        const x = a.values[step] as number;
        const y = b.values[step] as number;
        if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : 1;
        if (Number.isNaN(y)) return -1;
        return sign * (x - y);
      });
      for (const member of present.slice(0, k)) {
        let output = chosen.get(member);
        if (!output) {
          output = emptyStepVector(member.labels, steps);
          chosen.set(member, output);
        }
        output.values[step] = member.values[step] as number;
        output.present[step] = 1;
      }
    }
  }
  return [...chosen.values()];
}
