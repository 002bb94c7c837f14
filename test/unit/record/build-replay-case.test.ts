import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createReplaySources } from "../../../integrations/replay/create-replay-sources.ts";
import { loadReplayCase } from "../../../integrations/replay/load-replay-case.ts";
import { SourceUnavailableError } from "../../../src/ports/source-errors.ts";
import { buildReplayCase } from "../../../src/record/build-replay-case.ts";
import { createRecordingSources } from "../../../src/record/create-recording-sources.ts";
import { formatReplayCase } from "../../../src/record/format-replay-case.ts";
import { RecordingError } from "../../../src/record/recording-error.ts";
import { alertmanagerWebhook } from "../../support/alertmanager-payloads.ts";

const NOW = 1_714_564_800;
const NOW_TEXT = "2024-05-01T12:00:00Z";

/** Samples every 30 s for an hour around `now`, some of them in its future. */
const samples = (from: number, to: number): Array<[number, string]> =>
  Array.from({ length: (to - from) / 30 + 1 }, (_, index) => [from + index * 30, String(index)]);

const live = createReplaySources({
  // The "live" system runs ahead of the recording's now, so a recorder that ignores now would leak.
  now: "2024-05-01T13:00:00Z",
  sources: {
    metrics: [
      { metric: { __name__: "requests_total", service: "checkout" }, values: samples(NOW - 3600, NOW + 600) },
    ],
    changes: [
      { id: "old", kind: "deploy", service: "checkout", at: "2024-05-01T08:00:00Z" },
      { id: "deploy-1", kind: "deploy", service: "checkout", at: "2024-05-01T11:40:00Z" },
      { id: "later", kind: "deploy", service: "checkout", at: "2024-05-01T12:05:00Z" },
    ],
    topology: [{ from: "storefront", to: "checkout" }],
  },
});

const expected = {
  rootCause: { service: "checkout", kind: "bad-deploy" as const, change: "deploy-1" },
  mitigation: {
    action: "rollback" as const,
    target: { kind: "Deployment" as const, namespace: "shop", name: "checkout" },
  },
};

async function recordSome() {
  const { sources, calls } = createRecordingSources(live);
  await sources.metrics.queryRange('sum(rate(requests_total{service="checkout"}[2m]))', {
    start: NOW - 1200,
    end: NOW,
    stepSeconds: 60,
  });
  await sources.changes.list({ start: NOW - 600, end: NOW });
  await sources.topology.edges();
  await sources.logs
    .queryRange(
      '{service="checkout"}',
      { start: NOW - 60, end: NOW },
      {
        limit: 10,
        direction: "backward",
      },
    )
    .catch(() => []);
  return calls;
}

function build(
  calls: Awaited<ReturnType<typeof recordSome>>,
  overrides: Partial<Parameters<typeof buildReplayCase>[0]> = {},
) {
  return buildReplayCase({
    calls,
    sources: live,
    alert: {
      source: "alertmanager",
      payload: alertmanagerWebhook({ alerts: [{ labels: { alertname: "Errors", service: "checkout" } }] }),
    },
    now: NOW,
    window: { start: NOW - 900, end: NOW },
    describe: { id: "recorded-case", title: "Recorded: Errors", tags: ["recorded"] },
    expected,
    resolutionSeconds: 1,
    logLineLimit: 100,
    maxListedSeries: 100,
    concurrency: 2,
    ...overrides,
  });
}

describe("buildReplayCase", () => {
  it("writes a case the loader takes, with the data each read needs and nothing after now", async () => {
    const { replayCase } = await build(await recordSome());
    const file = join(await mkdtemp(join(tmpdir(), "record-")), "recorded-case.json");
    await writeFile(file, formatReplayCase(replayCase));

    const loaded = await loadReplayCase(file);

    expect(loaded).toEqual(replayCase);
    expect(loaded.now).toBe(NOW_TEXT);
    const times = loaded.sources.metrics?.[0]?.values.map(([time]) => time) ?? [];
    // rate(...[2m]) at the first step reads two minutes before the query's start.
    expect(times[0]).toBe(NOW - 1200 - 120);
    expect(times.at(-1)).toBe(NOW);
    // The change before the list's own range is fetched too: the recorded range reaches back to it.
    expect(loaded.sources.changes?.map((change) => change.id)).toEqual(["deploy-1"]);
    expect(loaded.sources.topology).toEqual([{ from: "storefront", to: "checkout" }]);
  });

  it("leaves out a source that never answered, so the replay sees it down, and says so", async () => {
    const { replayCase, warnings } = await build(await recordSome());

    expect(Object.keys(replayCase.sources).sort()).toEqual(["changes", "metrics", "topology"]);
    expect(warnings).toEqual([
      "logs: never answered (the replay case has no recorded logs); left out, so it replays as down",
    ]);
  });

  it("widens the recorded range to the window it is given", async () => {
    const { replayCase } = await build(await recordSome(), { window: { start: NOW - 3000, end: NOW } });

    expect(replayCase.sources.metrics?.[0]?.values[0]?.[0]).toBe(NOW - 3000);
    expect(replayCase.sources.changes?.map((change) => change.id)).toEqual(["deploy-1"]);
  });

  it("leaves metrics out when the source answered the investigation but failed every raw fetch", async () => {
    const calls = await recordSome();
    const failing = {
      ...live,
      metrics: {
        ...live.metrics,
        queryRange: async () => {
          throw new SourceUnavailableError("metrics", "503 from Prometheus");
        },
      },
    };

    const { replayCase, warnings } = await build(calls, { sources: failing });

    expect(replayCase.sources.metrics).toBeUndefined();
    expect(warnings).toContain("metrics: left out, so it replays as down");
    expect(warnings).toContainEqual(
      expect.stringMatching(/could not fetch 1 of 1 selectors .*503 from Prometheus/),
    );
  });

  it("refuses ground truth that names a change the recording does not hold, listing the ones it does", async () => {
    const calls = await recordSome();
    const wrong = { ...expected, rootCause: { ...expected.rootCause, change: "argocd-nope" } };

    const failure = await build(calls, { expected: wrong }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(RecordingError);
    expect((failure as Error).message).toBe(
      'the root-cause change "argocd-nope" is not among the recorded changes (recorded: deploy-1)',
    );
  });
});
