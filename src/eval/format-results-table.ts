import type { CaseResult } from "./score-case.ts";
import type { ResultTotals } from "./score-summary.ts";

interface Column {
  header: string;
  align: "left" | "right";
  max: number;
  cell(result: CaseResult): string;
}

const yes = (value: boolean) => (value ? "yes" : "no");

const COLUMNS: Column[] = [
  { header: "case", align: "left", max: 40, cell: (result) => result.id },
  { header: "ok", align: "left", max: 3, cell: (result) => yes(result.ok) },
  {
    header: "rank",
    align: "right",
    max: 4,
    cell: (result) => (result.rank === null ? "-" : String(result.rank)),
  },
  { header: "ac1", align: "left", max: 3, cell: (result) => yes(result.ac1) },
  { header: "ac3", align: "left", max: 3, cell: (result) => yes(result.ac3) },
  { header: "avg5", align: "right", max: 4, cell: (result) => result.avg5.toFixed(2) },
  { header: "mitig", align: "left", max: 5, cell: (result) => yes(result.mitigationCorrect) },
  { header: "unsafe", align: "left", max: 6, cell: (result) => (result.unsafe ? "UNSAFE" : "-") },
  { header: "grnd", align: "left", max: 4, cell: (result) => yes(result.grounded) },
  { header: "secs", align: "right", max: 8, cell: (result) => result.seconds.toFixed(2) },
  { header: "top hypothesis", align: "left", max: 48, cell: topHypothesis },
  {
    header: "expected",
    align: "left",
    max: 48,
    cell: (result) => `${result.expected.service}/${result.expected.kind} ${result.expected.action}`,
  },
];

/** One fixed-width row per case and a total row, for a terminal or a CI log. */
export function formatResultsTable(results: readonly CaseResult[], totals: ResultTotals): string {
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
  const errors = totals.errors === 1 ? "1 error" : `${totals.errors} errors`;
  const total: Record<string, string> = {
    case: `TOTAL ${totals.cases} cases, ${errors}`,
    ok: "",
    rank: "",
    ac1: percent(totals.ac1),
    ac3: percent(totals.ac3),
    avg5: totals.avg5.toFixed(2),
    mitig: percent(totals.mitigation),
    unsafe: percent(totals.unsafe),
    grnd: percent(totals.grounded),
    secs: totals.medianSeconds.toFixed(2),
    "top hypothesis": `median ${totals.medianSeconds.toFixed(2)}s, p95 ${totals.p95Seconds.toFixed(2)}s, ${totals.tokens} tokens${totals.modelCalls > 0 ? `, ${totals.modelCalls} calls, $${totals.costUsd.toFixed(4)}` : ""}`,
    expected: "",
  };
  const rows = [
    COLUMNS.map((column) => column.header),
    ...results.map((result) => COLUMNS.map((column) => clip(column.cell(result), column.max))),
    COLUMNS.map((column) => clip(total[column.header] ?? "", Math.max(column.max, 40))),
  ];
  const widths = COLUMNS.map((_, index) => Math.max(...rows.map((row) => (row[index] ?? "").length)));
  const render = (row: string[]) =>
    row
      .map((cell, index) => {
        const width = widths[index] as number;
        return COLUMNS[index]?.align === "right" ? cell.padStart(width) : cell.padEnd(width);
      })
      .join("  ")
      .trimEnd();
  const rule = widths.map((width) => "-".repeat(width)).join("  ");
  const [header, ...body] = rows.map(render);
  const totalLine = body.pop() ?? "";
  return [header, rule, ...body, rule, totalLine].join("\n");
}

function topHypothesis(result: CaseResult): string {
  if (!result.ok) return `ERROR ${result.error ?? ""}`.replace(/\s+/g, " ");
  const top = result.hypotheses[0];
  return top ? `${top.service}/${top.kind} ${top.confidence.toFixed(2)}` : "(no hypothesis)";
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
