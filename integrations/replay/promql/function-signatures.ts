export type ValueType = "scalar" | "vector" | "matrix" | "string";

export interface FunctionSignature {
  args: ValueType[];
  /** How many trailing args may be left out. */
  optional?: number;
  returns: ValueType;
}

const RANGE: FunctionSignature = { args: ["matrix"], returns: "vector" };
const ELEMENTWISE: FunctionSignature = { args: ["vector"], returns: "vector" };

/** The functions the replay evaluator implements; anything else is refused with a clear error. */
export const FUNCTION_SIGNATURES: Record<string, FunctionSignature> = {
  rate: RANGE,
  irate: RANGE,
  increase: RANGE,
  delta: RANGE,
  idelta: RANGE,
  resets: RANGE,
  changes: RANGE,
  avg_over_time: RANGE,
  min_over_time: RANGE,
  max_over_time: RANGE,
  sum_over_time: RANGE,
  count_over_time: RANGE,
  last_over_time: RANGE,
  stddev_over_time: RANGE,
  quantile_over_time: { args: ["scalar", "matrix"], returns: "vector" },
  histogram_quantile: { args: ["scalar", "vector"], returns: "vector" },
  abs: ELEMENTWISE,
  ceil: ELEMENTWISE,
  floor: ELEMENTWISE,
  exp: ELEMENTWISE,
  ln: ELEMENTWISE,
  log2: ELEMENTWISE,
  log10: ELEMENTWISE,
  sqrt: ELEMENTWISE,
  clamp_min: { args: ["vector", "scalar"], returns: "vector" },
  clamp_max: { args: ["vector", "scalar"], returns: "vector" },
  clamp: { args: ["vector", "scalar", "scalar"], returns: "vector" },
  vector: { args: ["scalar"], returns: "vector" },
  scalar: { args: ["vector"], returns: "scalar" },
  time: { args: [], returns: "scalar" },
};

export const TYPE_NAMES: Record<ValueType, string> = {
  scalar: "scalar",
  vector: "instant vector",
  matrix: "range vector",
  string: "string",
};
