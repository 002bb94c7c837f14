import { SourceQueryError } from "../../../src/ports/source-errors.ts";
import type { Binary, BinaryOp } from "./ast.ts";
import { evaluateSetOperation } from "./set-operation.ts";
import {
  dropMetricName,
  type EvalValue,
  emptyStepVector,
  keepLabels,
  labelKey,
  mergeSameLabels,
  type StepVector,
  withoutLabels,
} from "./step-vector.ts";

const COMPARISONS = new Set<BinaryOp>(["==", "!=", ">", "<", ">=", "<="]);

export function evaluateBinary(node: Binary, lhs: EvalValue, rhs: EvalValue, steps: number): EvalValue {
  if (lhs.type === "string" || rhs.type === "string") {
    throw new SourceQueryError("metrics", "strings cannot be operands");
  }
  if (node.op === "and" || node.op === "or" || node.op === "unless") {
    if (lhs.type !== "vector" || rhs.type !== "vector") {
      throw new SourceQueryError("metrics", `set operator "${node.op}" only works between instant vectors`);
    }
    const series = evaluateSetOperation(node.op, matchingSignature(node), lhs.series, rhs.series, steps);
    return { type: "vector", series };
  }
  const apply = operator(node.op);
  if (lhs.type === "scalar" && rhs.type === "scalar") {
    const values = new Float64Array(steps);
    for (let step = 0; step < steps; step++)
      values[step] = apply(lhs.values[step] as number, rhs.values[step] as number);
    return { type: "scalar", values };
  }
  if (lhs.type === "vector" && rhs.type === "vector")
    return { type: "vector", series: vectorVector(node, lhs.series, rhs.series, steps) };
  const vector = (lhs.type === "vector" ? lhs : rhs) as Extract<EvalValue, { type: "vector" }>;
  const scalar = (lhs.type === "scalar" ? lhs : rhs) as Extract<EvalValue, { type: "scalar" }>;
  const vectorOnLeft = lhs.type === "vector";
  const comparison = COMPARISONS.has(node.op);
  const out = vector.series.map((series) => {
    const labels = !comparison || node.bool ? dropMetricName(series.labels) : series.labels;
    const result = emptyStepVector(labels, steps);
    for (let step = 0; step < steps; step++) {
      if (!series.present[step]) continue;
      const own = series.values[step] as number;
      const other = scalar.values[step] as number;
      const value = vectorOnLeft ? apply(own, other) : apply(other, own);
      if (comparison && !node.bool) {
        // A comparison filters: the vector element survives unchanged when it holds.
        if (value !== 1) continue;
        result.values[step] = own;
      } else {
        result.values[step] = value;
      }
      result.present[step] = 1;
    }
    return result;
  });
  return { type: "vector", series: mergeSameLabels(out.filter((series) => series.present.includes(1))) };
}

/** One-to-one matching; `on(...)` keeps only the listed labels, `ignoring(...)` removes them. */
function vectorVector(node: Binary, lhs: StepVector[], rhs: StepVector[], steps: number): StepVector[] {
  const signature = matchingSignature(node);
  const rightBySignature = new Map<string, StepVector[]>();
  for (const series of rhs) {
    const key = signature(series.labels);
    const list = rightBySignature.get(key);
    if (list) list.push(series);
    else rightBySignature.set(key, [series]);
  }
  const leftBySignature = new Map<string, StepVector[]>();
  for (const series of lhs) {
    const key = signature(series.labels);
    const list = leftBySignature.get(key);
    if (list) list.push(series);
    else leftBySignature.set(key, [series]);
  }

  const apply = operator(node.op);
  const comparison = COMPARISONS.has(node.op);
  const out: StepVector[] = [];
  for (const [key, lefts] of leftBySignature) {
    const rights = rightBySignature.get(key);
    if (!rights) continue;
    for (const left of lefts) {
      let labels = !comparison || node.bool ? dropMetricName(left.labels) : left.labels;
      if (node.matching?.on) labels = keepLabels(labels, node.matching.labels);
      else if (node.matching) labels = withoutLabels(labels, node.matching.labels);
      const result = emptyStepVector(labels, steps);
      for (let step = 0; step < steps; step++) {
        if (!left.present[step]) continue;
        const right = single(rights, step, "right");
        if (!right) continue;
        single(lefts, step, "left");
        const value = apply(left.values[step] as number, right.values[step] as number);
        if (comparison && !node.bool) {
          if (value !== 1) continue;
          result.values[step] = left.values[step] as number;
        } else {
          result.values[step] = value;
        }
        result.present[step] = 1;
      }
      if (result.present.includes(1)) out.push(result);
    }
  }
  return mergeSameLabels(out);
}

/** The labels two elements must share to match: `on(...)` lists them, otherwise all but `ignoring(...)` and `__name__`. */
function matchingSignature(node: Binary): (labels: StepVector["labels"]) => string {
  const { matching } = node;
  return (labels) =>
    labelKey(
      matching?.on
        ? keepLabels(labels, matching.labels)
        : withoutLabels(dropMetricName(labels), matching?.labels ?? []),
    );
}

function single(candidates: StepVector[], step: number, side: "left" | "right"): StepVector | undefined {
  let found: StepVector | undefined;
  for (const candidate of candidates) {
    if (!candidate.present[step]) continue;
    if (found) {
      throw new SourceQueryError(
        "metrics",
        `found duplicate series for the match group on the ${side} hand-side of the operation; many-to-many matching not allowed: matching labels must be unique on one side (group_left/group_right are not supported by the replay source)`,
      );
    }
    found = candidate;
  }
  return found;
}

/** Comparisons answer 1 for true and 0 for false so the caller can use them for `bool` as is. */
function operator(op: BinaryOp): (a: number, b: number) => number {
  switch (op) {
    case "+":
      return (a, b) => a + b;
    case "-":
      return (a, b) => a - b;
    case "*":
      return (a, b) => a * b;
    case "/":
      return (a, b) => a / b;
    case "%":
      return (a, b) => a % b;
    case "^":
      return (a, b) => a ** b;
    case "atan2":
      return (a, b) => Math.atan2(a, b);
    case "and":
    case "or":
    case "unless":
      throw new SourceQueryError("metrics", `set operator "${op}" has no arithmetic`);
    case "==":
      return (a, b) => Number(a === b);
    case "!=":
      return (a, b) => Number(a !== b);
    case ">":
      return (a, b) => Number(a > b);
    case "<":
      return (a, b) => Number(a < b);
    case ">=":
      return (a, b) => Number(a >= b);
    case "<=":
      return (a, b) => Number(a <= b);
    default: {
      const unreachable: never = op;
      return unreachable;
    }
  }
}
