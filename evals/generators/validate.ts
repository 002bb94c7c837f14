/**
 * Checks every case in evals/cases (or the folder given) against the replay-case/v1 rules that
 * can be checked without the loader, plus our own data rules, and prints what the set covers.
 * Run: npx tsx evals/generators/validate.ts [DIR]. Exits 1 on any problem.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type CaseFacts, checkCase } from "./lib/check-case.ts";

const here = dirname(fileURLToPath(import.meta.url));
const dir = process.argv[2] ?? join(here, "..", "cases");
const MAX_CASE_BYTES = 600 * 1024;
const MAX_TOTAL_BYTES = 20 * 1024 * 1024;
const HARD_TRAITS = ["red-herring", "two-hop", "off-path", "noisy-healthy", "source-down", "title-only"];

const problems: string[] = [];
const facts: CaseFacts[] = [];
const ids = new Set<string>();
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .sort()) {
  const text = readFileSync(join(dir, file), "utf8");
  const result = checkCase(file, text);
  problems.push(...result.problems);
  if (!result.facts) continue;
  if (ids.has(result.facts.id)) problems.push(`${file}: $.id: duplicate id`);
  ids.add(result.facts.id);
  if (result.facts.bytes > MAX_CASE_BYTES)
    problems.push(
      `${file}: $: ${Math.round(result.facts.bytes / 1024)} KB is over ${MAX_CASE_BYTES / 1024} KB`,
    );
  facts.push(result.facts);
}

const total = facts.reduce((sum, f) => sum + f.bytes, 0);
if (total > MAX_TOTAL_BYTES) problems.push(`total ${(total / 1024 / 1024).toFixed(2)} MiB is over 20 MiB`);
const kinds = new Map<string, number>();
for (const f of facts) kinds.set(f.kind, (kinds.get(f.kind) ?? 0) + 1);
const hard = facts.filter((f) => f.tags.includes("hard"));
if (facts.length < 40) problems.push(`only ${facts.length} cases (want at least 40)`);
if (kinds.size < 15) problems.push(`only ${kinds.size} root-cause kinds (want at least 15)`);
if (hard.length * 3 < facts.length) problems.push(`only ${hard.length} hard cases (want at least a third)`);
for (const f of hard)
  if (!HARD_TRAITS.some((t) => f.tags.includes(t)) && !f.tags.includes("kube-alert"))
    problems.push(`${f.id}: tagged hard without a hard trait`);

console.log(
  `cases: ${facts.length}, total ${(total / 1024 / 1024).toFixed(2)} MiB, largest ${Math.round(Math.max(...facts.map((f) => f.bytes)) / 1024)} KB`,
);
console.log(
  `series per case: ${Math.min(...facts.map((f) => f.series))}-${Math.max(...facts.map((f) => f.series))}; log lines per case: ${Math.min(...facts.map((f) => f.lines))}-${Math.max(...facts.map((f) => f.lines))}`,
);
console.log(
  `kinds (${kinds.size}): ${[...kinds.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, n]) => `${k} ${n}`)
    .join(", ")}`,
);
console.log(
  `hard: ${hard.length}; ${HARD_TRAITS.map((t) => `${t} ${facts.filter((f) => f.tags.includes(t)).length}`).join(", ")}`,
);
console.log(
  `alert sources: alertmanager ${facts.filter((f) => f.source === "alertmanager").length}, pagerduty ${facts.filter((f) => f.source === "pagerduty").length}`,
);
if (problems.length > 0) {
  console.error(`\n${problems.length} problem(s):`);
  for (const p of problems.slice(0, 200)) console.error(`  ${p}`);
  process.exit(1);
}
console.log("all cases pass");
