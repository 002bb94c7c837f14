/**
 * The speed-up of the parallel investigator fan-out against the same four investigators run one
 * after another, on one replay case, measured in one run.
 *
 *   npm run bench:fanout -- [case file] [--latency-ms N] [--rounds N]
 *
 * Replay sources answer from memory, so on their own they measure CPU only (JavaScript runs one
 * investigator's computation at a time). Real sources spend most of their time waiting on the
 * network; `--latency-ms` adds that wait to every source call (default 20 ms, a typical Prometheus
 * or Loki round trip on a LAN) so the figure reflects a live investigation. Both are printed.
 */
import { parseArgs } from "node:util";
import { createReplaySources } from "../integrations/replay/create-replay-sources.ts";
import { loadReplayCase } from "../integrations/replay/load-replay-case.ts";
import { defaultInvestigators } from "../src/agent/create-investigation.ts";
import type { InvestigationScope } from "../src/agent/investigation-scope.ts";
import { runWithDeadline } from "../src/agent/investigators/run-with-deadline.ts";
import { triage } from "../src/agent/nodes/triage.ts";
import type { InvestigationStateValue } from "../src/agent/state.ts";
import type { DataSources } from "../src/ports/data-sources.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { "latency-ms": { type: "string", default: "20" }, rounds: { type: "string", default: "5" } },
});
const caseFile = positionals[0] ?? "evals/cases/shop-checkout-bad-deploy.json";
const latencyMs = Number(values["latency-ms"]);
const rounds = Number(values.rounds);

const replayCase = await loadReplayCase(caseFile);
const replay = createReplaySources(replayCase);
const now = Date.parse(replayCase.now) / 1000;
const payload = replayCase.alert.payload as {
  alerts?: Array<{ labels: Record<string, string>; startsAt: string }>;
};
const alerts = (payload.alerts ?? []).map((alert) => ({
  source: "alertmanager" as const,
  name: alert.labels.alertname ?? "",
  severity: alert.labels.severity ?? "",
  summary: "",
  status: "firing" as const,
  labels: alert.labels,
  annotations: {},
  startsAt: Date.parse(alert.startsAt) / 1000,
}));
const state = { incidentId: "bench", now, alerts } as unknown as InvestigationStateValue;
const scope = (await triage(state, replay, [], 60_000)).scope as InvestigationScope;
const investigators = defaultInvestigators();

async function sequential(sources: DataSources): Promise<number> {
  const started = performance.now();
  for (const investigator of investigators) await runWithDeadline(investigator, scope, sources, 60_000);
  return performance.now() - started;
}

async function parallel(sources: DataSources): Promise<number> {
  const started = performance.now();
  await Promise.all(
    investigators.map((investigator) => runWithDeadline(investigator, scope, sources, 60_000)),
  );
  return performance.now() - started;
}

function withLatency(sources: DataSources, ms: number): DataSources {
  const delayed = <T extends object>(port: T): T =>
    new Proxy(port, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (typeof value !== "function") return value;
        return async (...args: unknown[]) => {
          await new Promise((resolve) => setTimeout(resolve, ms));
          return await value.apply(target, args);
        };
      },
    });
  return {
    metrics: delayed(sources.metrics),
    logs: delayed(sources.logs),
    changes: delayed(sources.changes),
    cluster: delayed(sources.cluster),
    topology: delayed(sources.topology),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function measure(label: string, sources: DataSources) {
  await parallel(sources); // warm-up: JIT, caches
  const one: number[] = [];
  const all: number[] = [];
  for (let round = 0; round < rounds; round++) {
    one.push(await sequential(sources));
    all.push(await parallel(sources));
  }
  const ratio = median(one) / median(all);
  console.log(
    `${label.padEnd(34)} sequential ${median(one).toFixed(0).padStart(6)} ms   parallel ${median(all).toFixed(0).padStart(6)} ms   speed-up ${ratio.toFixed(2)}x`,
  );
}

console.log(`case ${replayCase.id}, ${investigators.length} investigators, median of ${rounds} rounds`);
await measure("replay (in memory, CPU only)", replay);
await measure(`replay + ${latencyMs} ms per source call`, withLatency(replay, latencyMs));
