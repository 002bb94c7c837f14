import type { CompiledMatcher } from "./label-matcher.ts";

export interface NumberLiteral {
  type: "number";
  value: number;
}

export interface StringLiteral {
  type: "string";
  value: string;
}

export interface VectorSelector {
  type: "vector";
  /** Includes the `__name__` matcher when the metric name was written before the braces. */
  matchers: CompiledMatcher[];
  offsetSeconds: number;
}

export interface MatrixSelector {
  type: "matrix";
  vector: VectorSelector;
  rangeSeconds: number;
}

export interface Call {
  type: "call";
  name: string;
  args: Expr[];
}

export type AggregateOp =
  | "sum"
  | "avg"
  | "min"
  | "max"
  | "count"
  | "group"
  | "stddev"
  | "stdvar"
  | "topk"
  | "bottomk"
  | "quantile";

export interface Aggregate {
  type: "aggregate";
  op: AggregateOp;
  grouping: string[];
  without: boolean;
  param?: Expr;
  expr: Expr;
}

export type ArithmeticOp = "+" | "-" | "*" | "/" | "%" | "^" | "atan2";
export type ComparisonOp = "==" | "!=" | ">" | "<" | ">=" | "<=";
export type SetOp = "and" | "or" | "unless";
export type BinaryOp = ArithmeticOp | ComparisonOp | SetOp;

export interface VectorMatching {
  on: boolean;
  labels: string[];
}

export interface Binary {
  type: "binary";
  op: BinaryOp;
  lhs: Expr;
  rhs: Expr;
  bool: boolean;
  matching?: VectorMatching;
}

export interface Unary {
  type: "unary";
  op: "-" | "+";
  expr: Expr;
}

export type Expr =
  | NumberLiteral
  | StringLiteral
  | VectorSelector
  | MatrixSelector
  | Call
  | Aggregate
  | Binary
  | Unary;
