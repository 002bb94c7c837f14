/**
 * Writes every replay case to evals/cases/<id>.json and the case table in evals/README.md.
 * Deterministic: the same code writes the same bytes.
 * Run: npx tsx evals/generators/generate.ts [--only TEXT]
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CaseBuilder } from "./lib/case-builder.ts";
import { caseTable, replaceCaseTable } from "./lib/case-index.ts";
import { renderCase } from "./lib/render-case.ts";
import { serializeCase } from "./lib/write-case.ts";
import { ALL_SCENARIOS } from "./scenarios/all.ts";

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, "..", "cases");
const readmePath = join(here, "..", "README.md");
const onlyIndex = process.argv.indexOf("--only");
const only = onlyIndex > 0 ? process.argv[onlyIndex + 1] : undefined;

mkdirSync(outDir, { recursive: true });
if (!only) for (const file of readdirSync(outDir)) if (file.endsWith(".json")) rmSync(join(outDir, file));

const ids = new Set<string>();
const rows: Parameters<typeof caseTable>[0] = [];
let total = 0;
for (const scenario of ALL_SCENARIOS) {
  if (ids.has(scenario.id)) throw new Error(`duplicate case id ${scenario.id}`);
  ids.add(scenario.id);
  if (only && !scenario.id.includes(only)) continue;
  const b = new CaseBuilder(scenario.id, scenario.platform, scenario);
  scenario.build(b);
  const { json, stats } = renderCase(b);
  const text = serializeCase(json);
  writeFileSync(join(outDir, `${scenario.id}.json`), text);
  total += Buffer.byteLength(text);
  const expected = b.expected;
  if (!expected || !b.alertSpec) throw new Error(`${scenario.id}: incomplete`);
  rows.push({
    id: scenario.id,
    title: b.titleText,
    tags: b.tagList,
    source: b.alertSpec.source,
    expected,
    window: stats.windowMin,
    step: scenario.step,
  });
  console.log(
    `${scenario.id.padEnd(44)} ${String(Math.round(text.length / 1024)).padStart(4)} KB  series ${String(stats.series).padStart(3)}  streams ${String(stats.streams).padStart(3)}  lines ${String(stats.lines).padStart(5)}  objects ${String(stats.objects).padStart(3)}  window ${stats.windowMin}m  alert +${stats.alertDelay}s`,
  );
}
console.log(
  `${rows.length} cases, ${(total / 1024 / 1024).toFixed(2)} MiB written${only ? " (filtered)" : ""}`,
);

if (!only && existsSync(readmePath)) {
  const updated = replaceCaseTable(readFileSync(readmePath, "utf8"), caseTable(rows));
  if (updated) writeFileSync(readmePath, updated);
}
