import { loadReplayCase } from "./integrations/replay/load-replay-case.ts";
import { createReplaySources } from "./integrations/replay/create-replay-sources.ts";
import { detectOnset, trendOf } from "./src/analysis/index.ts";
import { evaluateSignal } from "./src/agent/investigators/evaluate-signal.ts";
const [file, query, dir] = process.argv.slice(2);
const c = await loadReplayCase(file!);
const s = createReplaySources(c);
const now = Date.parse(c.now) / 1000;
const alertStart = Date.parse((c.alert.payload as any).alerts?.[0]?.startsAt ?? (c.alert.payload as any).event?.occurred_at ?? c.now) / 1000;
const series = await s.metrics.queryRange(query!, { start: alertStart - 3600, end: now, stepSeconds: 15 });
for (const x of series) {
  console.log(x.metric, x.values.length, "trend", trendOf(x.values));
  const o = detectOnset(x.values, { searchFrom: alertStart - 1800, searchTo: now });
  console.log("onset", o && { at: new Date(o.at * 1000).toISOString(), mag: o.magnitude, rel: o.relativeChange, rec: o.recovered });
  const v = evaluateSignal(x.values, { alertStart, now }, (dir ?? "up") as any); console.log("verdict", v.badScore, v.level);
}
