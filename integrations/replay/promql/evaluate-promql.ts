import type { Series } from "../../../src/ports/metrics-source.ts";
import { SourceQueryError } from "../../../src/ports/source-errors.ts";
import { evaluateAggregate } from "./aggregate.ts";
import type { Call, Expr, VectorSelector } from "./ast.ts";
import { evaluateBinary } from "./binary-operation.ts";
import { histogramQuantile } from "./histogram-quantile.ts";
import { evaluateRangeFunction } from "./range-functions.ts";
import { lastAtOrBefore, type SeriesIndex } from "./series-index.ts";
import {
  dropMetricName,
  type EvalValue,
  emptyStepVector,
  mergeSameLabels,
  type StepVector,
  toSeries,
} from "./step-vector.ts";

/** Prometheus' default `--query.lookback-delta`. */
export const LOOKBACK_SECONDS = 300;

/** Evaluates a parsed expression at every step time and returns the matrix result. */
export function evaluateRange(expr: Expr, index: SeriesIndex, times: Float64Array): Series[] {
  return toSeries(evaluate(expr, index, times), times);
}

function evaluate(expr: Expr, index: SeriesIndex, times: Float64Array): EvalValue {
  const steps = times.length;
  switch (expr.type) {
    case "number":
      return { type: "scalar", values: new Float64Array(steps).fill(expr.value) };
    case "string":
      return { type: "string", value: expr.value };
    case "vector":
      return { type: "vector", series: selectInstant(expr, index, times) };
    case "matrix":
      throw new SourceQueryError(
        "metrics",
        "a range vector can only be an argument of a range function such as rate()",
      );
    case "call":
      return evaluateCall(expr, index, times);
    case "aggregate": {
      const inner = vectorOf(evaluate(expr.expr, index, times));
      const param = expr.param ? scalarOf(evaluate(expr.param, index, times)) : undefined;
      return { type: "vector", series: evaluateAggregate(expr, inner, steps, param) };
    }
    case "binary":
      return evaluateBinary(expr, evaluate(expr.lhs, index, times), evaluate(expr.rhs, index, times), steps);
    case "unary": {
      const inner = evaluate(expr.expr, index, times);
      if (expr.op === "+") return inner;
      if (inner.type === "scalar") return { type: "scalar", values: inner.values.map((value) => -value) };
      return { type: "vector", series: mapValues(vectorOf(inner), (value) => -value) };
    }
    default: {
      const unreachable: never = expr;
      return unreachable;
    }
  }
}

/** The latest sample in (t - offset - 5m, t - offset] answers each step. */
function selectInstant(selector: VectorSelector, index: SeriesIndex, times: Float64Array): StepVector[] {
  const out: StepVector[] = [];
  for (const stored of index.select(selector.matchers)) {
    const vector = emptyStepVector(stored.labels, times.length);
    let any = false;
    for (let step = 0; step < times.length; step++) {
      const at = (times[step] as number) - selector.offsetSeconds;
      const sample = lastAtOrBefore(stored.times, at);
      if (sample < 0 || (stored.times[sample] as number) <= at - LOOKBACK_SECONDS) continue;
      vector.values[step] = stored.values[sample] as number;
      vector.present[step] = 1;
      any = true;
    }
    if (any) out.push(vector);
  }
  return out;
}

function evaluateCall(call: Call, index: SeriesIndex, times: Float64Array): EvalValue {
  const steps = times.length;
  const [first, second, third] = call.args;
  if (first?.type === "matrix")
    return { type: "vector", series: evaluateRangeFunction(call.name, first, index, times) };
  if (call.name === "quantile_over_time" && second?.type === "matrix" && first) {
    const phi = scalarOf(evaluate(first, index, times));
    return { type: "vector", series: evaluateRangeFunction(call.name, second, index, times, phi) };
  }
  const argument = (expr: Expr | undefined) => evaluate(expr as Expr, index, times);
  switch (call.name) {
    case "histogram_quantile":
      return {
        type: "vector",
        series: histogramQuantile(scalarOf(argument(first)), vectorOf(argument(second)), steps),
      };
    case "time":
      return { type: "scalar", values: Float64Array.from(times) };
    case "vector": {
      const values = scalarOf(argument(first));
      return { type: "vector", series: [{ labels: {}, values, present: new Uint8Array(steps).fill(1) }] };
    }
    case "scalar": {
      const input = vectorOf(argument(first));
      const values = new Float64Array(steps).fill(Number.NaN);
      for (let step = 0; step < steps; step++) {
        const present = input.filter((series) => series.present[step]);
        if (present.length === 1) values[step] = present[0]?.values[step] as number;
      }
      return { type: "scalar", values };
    }
    case "clamp_min":
    case "clamp_max": {
      const bound = scalarOf(argument(second));
      const pick = call.name === "clamp_min" ? Math.max : Math.min;
      return {
        type: "vector",
        series: mapValues(vectorOf(argument(first)), (value, step) => pick(value, bound[step] as number)),
      };
    }
    case "clamp": {
      const low = scalarOf(argument(second));
      const high = scalarOf(argument(third));
      const input = vectorOf(argument(first));
      return {
        type: "vector",
        series: mapValues(input, (value, step) =>
          (low[step] as number) > (high[step] as number)
            ? undefined
            : Math.max(low[step] as number, Math.min(high[step] as number, value)),
        ),
      };
    }
    default: {
      const math = ELEMENTWISE[call.name];
      if (!math)
        throw new SourceQueryError(
          "metrics",
          `function "${call.name}" is not supported by the replay source`,
        );
      return { type: "vector", series: mapValues(vectorOf(argument(first)), math) };
    }
  }
}

const ELEMENTWISE: Record<string, (value: number) => number> = {
  abs: Math.abs,
  ceil: Math.ceil,
  floor: Math.floor,
  exp: Math.exp,
  ln: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  sqrt: Math.sqrt,
};

/** Applies `map` to every present value; the result drops `__name__` as Prometheus functions do. */
function mapValues(
  input: StepVector[],
  map: (value: number, step: number) => number | undefined,
): StepVector[] {
  const out = input.map((series) => {
    const result = emptyStepVector(dropMetricName(series.labels), series.values.length);
    for (let step = 0; step < series.values.length; step++) {
      if (!series.present[step]) continue;
      const value = map(series.values[step] as number, step);
      if (value === undefined) continue;
      result.values[step] = value;
      result.present[step] = 1;
    }
    return result;
  });
  return mergeSameLabels(out.filter((series) => series.present.includes(1)));
}

function vectorOf(value: EvalValue): StepVector[] {
  if (value.type !== "vector")
    throw new SourceQueryError("metrics", `expected an instant vector, got ${value.type}`);
  return value.series;
}

function scalarOf(value: EvalValue): Float64Array {
  if (value.type !== "scalar") throw new SourceQueryError("metrics", `expected a scalar, got ${value.type}`);
  return value.values;
}
