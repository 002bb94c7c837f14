import type { SetOp } from "./ast.ts";
import { mergeSameLabels, type StepVector } from "./step-vector.ts";

/**
 * `and`, `or`, `unless`, step by step: `and` keeps left elements that have a right partner with
 * the same signature, `unless` keeps those that have none, `or` adds right elements whose
 * signature no left element has at that step. Labels stay as they are, `__name__` included.
 */
export function evaluateSetOperation(
  op: SetOp,
  signature: (labels: StepVector["labels"]) => string,
  lhs: StepVector[],
  rhs: StepVector[],
  steps: number,
): StepVector[] {
  const presentSignatures = (side: StepVector[]) => {
    const keys = side.map((series) => signature(series.labels));
    return Array.from({ length: steps }, (_, step) => {
      const present = new Set<string>();
      side.forEach((series, index) => {
        if (series.present[step]) present.add(keys[index] as string);
      });
      return present;
    });
  };
  const filter = (side: StepVector[], others: Array<Set<string>>, keep: (matched: boolean) => boolean) =>
    side
      .map((series) => {
        const key = signature(series.labels);
        const present = series.present.map((flag, step) =>
          flag && keep((others[step] as Set<string>).has(key)) ? 1 : 0,
        );
        return { labels: series.labels, values: series.values, present };
      })
      .filter((series) => series.present.includes(1));

  if (op === "and") return filter(lhs, presentSignatures(rhs), (matched) => matched);
  if (op === "unless") return filter(lhs, presentSignatures(rhs), (matched) => !matched);
  const left = presentSignatures(lhs);
  return mergeSameLabels([...lhs, ...filter(rhs, left, (matched) => !matched)]);
}
