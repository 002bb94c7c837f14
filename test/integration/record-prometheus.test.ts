import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrometheusSource } from "../../integrations/prometheus/create-prometheus-source.ts";
import { createReplaySources } from "../../integrations/replay/create-replay-sources.ts";
import { loadReplayCase, type ReplayCase } from "../../integrations/replay/load-replay-case.ts";
import { DEFAULT_MITIGATION_POLICY } from "../../src/mitigation/mitigation-policy.ts";
import { fixedClock } from "../../src/ports/clock.ts";
import { formatReplayCase } from "../../src/record/format-replay-case.ts";
import { investigateInMemory } from "../../src/record/investigate-in-memory.ts";
import { readAlertPayload } from "../../src/record/read-alert-payload.ts";
import { type RecordedIncident, recordIncident } from "../../src/record/record-incident.ts";
import { loadNezhaCase } from "../support/investigation-fixture.ts";
import { type RunningPrometheus, startPrometheus } from "../support/start-prometheus.ts";
import { answerOf, sharedRunbooks } from "../unit/record/record-fixture.ts";

/** Series as comparable text: labels in order, then each sample as time=value. */
function samplesOf(
  series: ReadonlyArray<{ metric: Record<string, string>; values: ReadonlyArray<readonly [number, string]> }>,
) {
  return series
    .map((entry) => {
      const labels = Object.entries(entry.metric).sort(([a], [b]) => (a < b ? -1 : 1));
      return `${JSON.stringify(labels)} ${entry.values.map(([time, value]) => `${time}=${Number(value)}`).join(" ")}`;
    })
    .sort();
}

describe("vigil record against a real Prometheus", () => {
  let original: ReplayCase;
  let prometheus: RunningPrometheus;
  let recorded: RecordedIncident;
  let reloaded: ReplayCase;

  beforeAll(async () => {
    original = await loadNezhaCase("nezha-ob-03");
    // Debian's Prometheus 2.42, backfilled with the real incident's metrics: the live source.
    prometheus = await startPrometheus({ series: original.sources.metrics ?? [] });
    const now = new Date(original.now);
    recorded = await recordIncident({
      alertPayload: original.alert.payload,
      sources: {
        ...createReplaySources(original),
        metrics: createPrometheusSource({ url: prometheus.url, timeoutMs: 20_000, retries: 0 }),
      },
      now,
      window: { start: new Date(now.getTime() - 20 * 60_000) },
      id: "nezha-ob-03-from-prometheus",
      expected: original.expected,
      runbooks: await sharedRunbooks(),
    });
    const file = join(await mkdtemp(join(tmpdir(), "vigil-record-")), "nezha-ob-03-from-prometheus.json");
    await writeFile(file, formatReplayCase(recorded.replayCase));
    reloaded = await loadReplayCase(file);
  }, 120_000);

  afterAll(async () => {
    await prometheus?.stop();
  });

  it("brings every sample back once, at its own time, although Prometheus 2 closes windows on the left", () => {
    expect(samplesOf(reloaded.sources.metrics ?? [])).toEqual(samplesOf(original.sources.metrics ?? []));
  });

  it("replays to the answer the investigation gave against Prometheus", async () => {
    const alert = readAlertPayload(reloaded.alert.payload);
    if (!alert.ok) throw new Error(alert.message);

    const replayed = await investigateInMemory({
      alerts: alert.alert.alerts,
      sources: createReplaySources(reloaded),
      clock: fixedClock(new Date(reloaded.now)),
      runbooks: await sharedRunbooks(),
      policy: DEFAULT_MITIGATION_POLICY,
      deadlineMs: 30_000,
    });

    expect(recorded.rca?.top).toMatchObject({ service: "adservice", kind: "cpu-saturation" });
    expect(answerOf(replayed)?.top).toEqual(answerOf(recorded.rca)?.top);
    expect(answerOf(replayed)?.mitigation).toEqual(answerOf(recorded.rca)?.mitigation);
    expect(answerOf(replayed)?.evidenceQueries).toEqual(answerOf(recorded.rca)?.evidenceQueries);
  });
});
