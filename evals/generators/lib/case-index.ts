import type { Expected } from "./case-builder.ts";

const BEGIN = "<!-- cases:begin (written by evals/generators/generate.ts) -->";
const END = "<!-- cases:end -->";

interface Row {
  id: string;
  title: string;
  tags: string[];
  source: string;
  expected: Expected;
  window: number;
  step: number;
}

const TRAITS = [
  "red-herring",
  "two-hop",
  "off-path",
  "noisy-healthy",
  "source-down",
  "title-only",
  "kube-alert",
  "past-blip",
  "traffic-changes",
  "custom-metrics",
];

/** One line per case, for evals/README.md. */
export function caseTable(rows: Row[]): string {
  const lines = [
    "| case | root cause (kind) | expected action | alert | window / step | traits | what happens |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const r of rows) {
    const m = r.expected.mitigation;
    const action = m.target ? `${m.action} ${m.target.kind}/${m.target.name}` : m.action;
    const traits = [r.tags.includes("hard") ? "**hard**" : "", ...TRAITS.filter((t) => r.tags.includes(t))]
      .filter(Boolean)
      .join(", ");
    lines.push(
      `| \`${r.id}\` | ${r.expected.rootCause.service} (${r.expected.rootCause.kind}) | ${action} | ${r.source === "pagerduty" ? "PagerDuty" : "Alertmanager"} | ${r.window} min / ${r.step} s | ${traits} | ${r.title} |`,
    );
  }
  return lines.join("\n");
}

/** Replaces the generated section of the README, leaving the hand-written text alone. */
export function replaceCaseTable(readme: string, table: string): string | null {
  const start = readme.indexOf(BEGIN);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) return null;
  return `${readme.slice(0, start + BEGIN.length)}\n\n${table}\n\n${readme.slice(end)}`;
}
