import type { Expr } from "./ast.ts";
import { FUNCTION_SIGNATURES, type ValueType } from "./function-signatures.ts";

/** The static type of an expression, as PromQL's parser checks it before evaluation. */
export function typeOf(expr: Expr): ValueType {
  switch (expr.type) {
    case "number":
      return "scalar";
    case "string":
      return "string";
    case "vector":
    case "aggregate":
      return "vector";
    case "matrix":
      return "matrix";
    case "call":
      return FUNCTION_SIGNATURES[expr.name]?.returns ?? "vector";
    case "unary":
      return typeOf(expr.expr);
    case "binary":
      return typeOf(expr.lhs) === "scalar" && typeOf(expr.rhs) === "scalar" ? "scalar" : "vector";
    default: {
      const unreachable: never = expr;
      return unreachable;
    }
  }
}
