import type { ResultTotals } from "./score-summary.ts";

interface Row {
  label: string;
  totals: ResultTotals;
}

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
const points = (value: number) => `${value >= 0 ? "+" : ""}${(value * 100).toFixed(1)}`;

/**
 * Deterministic and model-assisted figures side by side (`vigil eval --model`): accuracy, safety,
 * grounding, how often the model's output was not used, and what the model cost.
 */
export function formatComparison(
  deterministic: ResultTotals,
  model: ResultTotals,
  modelLabel: string,
): string {
  const rows: Row[] = [
    { label: "deterministic", totals: deterministic },
    { label: `model ${modelLabel}`, totals: model },
  ];
  const header = [
    "mode",
    "cases",
    "ac1",
    "ac3",
    "avg5",
    "mitig",
    "unsafe",
    "grnd",
    "fallbk",
    "calls",
    "tokens",
    "cost",
  ];
  const body = rows.map(({ label, totals }) => [
    label,
    String(totals.cases),
    percent(totals.ac1),
    percent(totals.ac3),
    totals.avg5.toFixed(2),
    percent(totals.mitigation),
    percent(totals.unsafe),
    percent(totals.grounded),
    String(totals.modelFallbacks),
    String(totals.modelCalls),
    String(totals.tokens),
    `$${totals.costUsd.toFixed(4)}`,
  ]);
  const change = [
    "change (points)",
    "",
    points(model.ac1 - deterministic.ac1),
    points(model.ac3 - deterministic.ac3),
    (model.avg5 - deterministic.avg5).toFixed(2),
    points(model.mitigation - deterministic.mitigation),
    points(model.unsafe - deterministic.unsafe),
    points(model.grounded - deterministic.grounded),
    "",
    "",
    "",
    "",
  ];
  const all = [header, ...body, change];
  const widths = header.map((_, index) => Math.max(...all.map((row) => (row[index] ?? "").length)));
  const render = (row: string[]) =>
    row
      .map((cell, index) =>
        index === 0 ? cell.padEnd(widths[index] ?? 0) : cell.padStart(widths[index] ?? 0),
      )
      .join("  ")
      .trimEnd();
  const rule = widths.map((width) => "-".repeat(width)).join("  ");
  return [
    "deterministic vs model-assisted:",
    render(header),
    rule,
    ...body.map(render),
    rule,
    render(change),
  ].join("\n");
}
