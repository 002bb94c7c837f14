import { describe, expect, it } from "vitest";
import { createReplaySources } from "../../../integrations/replay/create-replay-sources.ts";
import { SourceUnavailableError } from "../../../src/ports/source-errors.ts";
import { createRecordingSources } from "../../../src/record/create-recording-sources.ts";

const NOW = "2024-05-01T12:00:00Z";
const NOW_SECONDS = Date.parse(NOW) / 1000;

function replay() {
  return createReplaySources({
    now: NOW,
    sources: {
      metrics: [
        {
          metric: { __name__: "up", service: "checkout" },
          values: [
            [NOW_SECONDS - 60, "1"],
            [NOW_SECONDS, "0"],
          ],
        },
      ],
      logs: [
        {
          stream: { service: "checkout", level: "error" },
          values: [[`${NOW_SECONDS - 30}000000000`, "boom"]],
        },
      ],
      kubernetes: [
        { kind: "Pod", metadata: { name: "checkout-1", namespace: "shop" } },
        { kind: "Node", metadata: { name: "node-a" } },
      ],
      topology: [{ from: "storefront", to: "checkout" }],
    },
  });
}

describe("createRecordingSources", () => {
  it("answers exactly as the wrapped sources and notes every read with its answer", async () => {
    const inner = replay();
    const { sources, calls } = createRecordingSources(inner);
    const range = { start: NOW_SECONDS - 120, end: NOW_SECONDS, stepSeconds: 60 };

    const series = await sources.metrics.queryRange("up", range);
    expect(series).toEqual(await inner.metrics.queryRange("up", range));
    const listed = await sources.metrics.series(['{__name__=~".+"}'], { start: range.start, end: range.end });
    const lines = await sources.logs.queryRange(
      '{service="checkout"} |= "boom"',
      { start: range.start, end: range.end },
      { limit: 10, direction: "backward" },
    );
    await sources.cluster.list("Pod", "shop");
    await sources.cluster.get("Node", undefined, "node-a");
    await sources.cluster.get("Node", undefined, "gone");
    await sources.topology.edges();

    expect(calls.metricQueries).toEqual([{ query: "up", range }]);
    expect(calls.seriesLookups).toEqual([
      { matchers: ['{__name__=~".+"}'], range: { start: range.start, end: range.end }, result: listed },
    ]);
    expect(calls.logQueries).toEqual([
      {
        query: '{service="checkout"} |= "boom"',
        range: { start: range.start, end: range.end },
        options: { limit: 10, direction: "backward" },
        result: lines,
      },
    ]);
    expect(lines[0]?.values).toHaveLength(1);
    expect(calls.clusterObjects.map((object) => object.metadata.name)).toEqual(["checkout-1", "node-a"]);
    expect(calls.topology).toEqual([{ from: "storefront", to: "checkout" }]);
    expect(calls.health.metrics).toEqual({ answered: 2, failed: 0, lastError: null });
    expect(calls.health.kubernetes.answered).toBe(3);
  });

  it("passes a source's failure through and counts it against that source", async () => {
    const { sources, calls } = createRecordingSources(replay());

    const failure = await sources.changes
      .list({ start: 0, end: NOW_SECONDS })
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(SourceUnavailableError);
    expect(calls.changeLists).toEqual([]);
    expect(calls.health.changes).toEqual({
      answered: 0,
      failed: 1,
      lastError: "the replay case has no recorded changes",
    });
  });

  it("keeps a metric or log query that failed, so that the data it asked for is fetched all the same", async () => {
    const { sources, calls } = createRecordingSources(createReplaySources({ now: NOW, sources: {} }));
    const range = { start: NOW_SECONDS - 60, end: NOW_SECONDS };

    await expect(sources.metrics.queryRange("up", { ...range, stepSeconds: 15 })).rejects.toThrow();
    await expect(
      sources.logs.queryRange('{service="checkout"}', range, { limit: 5, direction: "forward" }),
    ).rejects.toThrow();

    expect(calls.metricQueries).toEqual([{ query: "up", range: { ...range, stepSeconds: 15 } }]);
    expect(calls.logQueries).toEqual([
      { query: '{service="checkout"}', range, options: { limit: 5, direction: "forward" }, result: null },
    ]);
    expect(calls.health.metrics.failed).toBe(1);
    expect(calls.health.logs.failed).toBe(1);
  });

  it("keeps its own copy of an answer, so a caller that changes the answer changes no recording", async () => {
    const { sources, calls } = createRecordingSources(replay());

    const pods = await sources.cluster.list("Pod", undefined);
    pods[0]!.metadata.name = "changed";

    expect(calls.clusterObjects[0]?.metadata.name).toBe("checkout-1");
  });
});
