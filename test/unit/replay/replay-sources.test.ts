import { describe, expect, it } from "vitest";
import { createReplaySources } from "../../../integrations/replay/create-replay-sources.ts";
import { loadReplayCase } from "../../../integrations/replay/load-replay-case.ts";
import { SourceUnavailableError } from "../../../src/ports/source-errors.ts";

const NOW_ISO = "2024-05-01T12:00:00Z";
const NOW = Date.parse(NOW_ISO) / 1000;
const NEZHA = "/work/shared/evals-real/nezha";

describe("createReplaySources", () => {
  it("makes every port of a case without recorded sources behave like a source that is down", async () => {
    const sources = createReplaySources({ now: NOW_ISO, sources: {} });
    const range = { start: NOW - 60, end: NOW };
    const calls: Array<[string, () => Promise<unknown>]> = [
      ["metrics", () => sources.metrics.queryRange("up", { ...range, stepSeconds: 60 })],
      ["metrics", () => sources.metrics.series(["up"], range)],
      ["logs", () => sources.logs.queryRange('{a="b"}', range, { limit: 10, direction: "backward" })],
      ["changes", () => sources.changes.list(range)],
      ["cluster", () => sources.cluster.list("Pod")],
      ["cluster", () => sources.cluster.get("Pod", "shop", "x")],
      ["topology", () => sources.topology.edges()],
    ];
    for (const [name, call] of calls) {
      const error = await call().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SourceUnavailableError);
      expect((error as SourceUnavailableError).source).toBe(name);
    }
  });

  it("answers empty lists for recorded but empty sources", async () => {
    const sources = createReplaySources({
      now: NOW_ISO,
      sources: { metrics: [], logs: [], changes: [], kubernetes: [], topology: [] },
    });
    expect(await sources.metrics.queryRange("up", { start: NOW - 60, end: NOW, stepSeconds: 60 })).toEqual(
      [],
    );
    expect(await sources.changes.list({ start: NOW - 60, end: NOW })).toEqual([]);
    expect(await sources.cluster.list("Pod")).toEqual([]);
    expect(await sources.topology.edges()).toEqual([]);
  });

  it("hides changes made after now even when the range covers them", async () => {
    const sources = createReplaySources({
      now: NOW_ISO,
      sources: {
        changes: [
          { id: "later", kind: "deploy", service: "api", at: "2024-05-01T12:00:01Z" },
          { id: "at-now", kind: "config", service: "api", at: "2024-05-01T13:00:00+01:00" },
        ],
      },
    });
    const changes = await sources.changes.list({ start: NOW - 3600, end: NOW + 3600 });
    expect(changes.map((change) => change.id)).toEqual(["at-now"]);
  });

  it("flattens recorded Lists and hands out copies the caller cannot use to change the recording", async () => {
    const sources = createReplaySources({
      now: NOW_ISO,
      sources: {
        kubernetes: [
          {
            kind: "PodList",
            items: [{ metadata: { name: "api-1", namespace: "shop" }, status: { phase: "Running" } }],
          },
        ],
      },
    });
    const [pod] = await sources.cluster.list("Pod", "shop");
    expect(pod?.metadata.name).toBe("api-1");
    if (pod?.status) pod.status.phase = "Failed";
    expect((await sources.cluster.get("Pod", "shop", "api-1"))?.status?.phase).toBe("Running");
  });

  it("answers queries over a real recorded case without ever returning data after now", async () => {
    const replayCase = await loadReplayCase(`${NEZHA}/nezha-tt-01.json`);
    const now = Date.parse(replayCase.now) / 1000;
    const sources = createReplaySources(replayCase);
    const latency = await sources.metrics.queryRange(
      'max by (service) (pod_server_latency_p90_seconds{service=~"ts-(contacts|route)-service"})',
      { start: now - 1200, end: now + 1200, stepSeconds: 60 },
    );
    expect(latency.map((series) => series.metric.service).sort()).toEqual([
      "ts-contacts-service",
      "ts-route-service",
    ]);
    expect(Math.max(...latency.flatMap((series) => series.values.map(([t]) => t)))).toBeLessThanOrEqual(now);
    const logs = await sources.logs.queryRange(
      '{service="ts-contacts-service"}',
      { start: now - 1200, end: now + 1200 },
      { limit: 20, direction: "backward" },
    );
    const lines = logs.flatMap((stream) => stream.values);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThanOrEqual(20);
    expect(lines.every(([time]) => BigInt(time) <= BigInt(now) * 1_000_000_000n)).toBe(true);
    expect((await sources.topology.edges()).length).toBe(replayCase.sources.topology?.length);
  });
});
