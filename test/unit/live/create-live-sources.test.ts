import { describe, expect, it } from "vitest";
import { createLiveSources, topologyEdges } from "../../../integrations/live/create-live-sources.ts";
import { mergeChangeSources } from "../../../integrations/live/merge-change-sources.ts";
import type { SourcesSettings } from "../../../src/config/sections/sources-section.ts";
import type { ChangeEvent, ChangeSource } from "../../../src/ports/change-source.ts";
import { SourceQueryError, SourceUnavailableError } from "../../../src/ports/source-errors.ts";

const none: SourcesSettings = {
  prometheus: null,
  loki: null,
  kubernetes: null,
  argocd: null,
  github: null,
  topology: { edges: [] },
};
const range = { start: 0, end: 10_000 };
const change = (id: string, at: number): ChangeEvent => ({
  id,
  kind: "deploy",
  service: "checkout",
  at: new Date(at * 1000).toISOString(),
});
const fixed = (changes: ChangeEvent[]): ChangeSource => ({ list: async () => changes });
const failing = (error: Error): ChangeSource => ({
  list: async () => {
    throw error;
  },
});

describe("createLiveSources", () => {
  it("answers SourceUnavailableError naming the vigil.yaml key for every source that is not configured", async () => {
    const sources = createLiveSources(none, { services: [] });
    await expect(sources.metrics.queryRange("up", { ...range, stepSeconds: 60 })).rejects.toThrow(
      /sources\.prometheus/,
    );
    await expect(
      sources.logs.queryRange('{a="b"}', range, { limit: 1, direction: "forward" }),
    ).rejects.toThrow(/sources\.loki/);
    await expect(sources.cluster.list("Pod")).rejects.toThrow(/sources\.kubernetes/);
    await expect(sources.changes.list(range)).rejects.toThrow(/sources\.argocd/);
    await expect(sources.topology.edges()).rejects.toBeInstanceOf(SourceUnavailableError);
    expect(createLiveSources(null, { services: [] }).logs).toBeDefined();
  });

  it("uses the metrics source it is given instead of Prometheus", async () => {
    const metrics = { queryRange: async () => [], series: async () => [{ service: "checkout" }] };
    const sources = createLiveSources(none, { services: [], metrics });
    expect(await sources.metrics.series(["up"], range)).toEqual([{ service: "checkout" }]);
  });

  it("builds topology from the catalog's dependsOn and the static edges, each edge once", async () => {
    const sources = createLiveSources(
      {
        ...none,
        topology: {
          edges: [
            { from: "payments", to: "stripe" },
            { from: "checkout", to: "payments" },
          ],
        },
      },
      {
        services: [
          { name: "checkout", dependsOn: ["payments", "redis"] },
          { name: "payments", dependsOn: [] },
        ],
      },
    );
    expect(await sources.topology.edges()).toEqual([
      { from: "checkout", to: "payments" },
      { from: "checkout", to: "redis" },
      { from: "payments", to: "stripe" },
    ]);
    expect(topologyEdges([], [])).toEqual([]);
    const catalogOnly = createLiveSources(none, { services: [{ name: "checkout", dependsOn: [] }] });
    expect(await catalogOnly.topology.edges()).toEqual([]);
  });
});

describe("mergeChangeSources", () => {
  it("merges every system's changes oldest first", async () => {
    const merged = mergeChangeSources([
      { name: "argocd", source: fixed([change("a-2", 300), change("a-1", 100)]) },
      { name: "github", source: fixed([change("g-1", 200)]) },
    ]);
    expect((await merged.list(range)).map((item) => item.id)).toEqual(["a-1", "g-1", "a-2"]);
  });

  it("reports the whole history unavailable, naming the system, when one cannot be read", async () => {
    const merged = mergeChangeSources([
      { name: "argocd", source: fixed([change("a-1", 100)]) },
      { name: "github", source: failing(new SourceUnavailableError("changes", "Bad credentials")) },
    ]);
    await expect(merged.list(range)).rejects.toBeInstanceOf(SourceUnavailableError);
    await expect(merged.list(range)).rejects.toThrow(/github: Bad credentials/);
  });

  it("lets a refused query through as it is when every system refused it", async () => {
    const refused = new SourceQueryError("changes", "end must be a time at or after start");
    const merged = mergeChangeSources([
      { name: "argocd", source: failing(refused) },
      { name: "github", source: failing(refused) },
    ]);
    await expect(merged.list(range)).rejects.toBe(refused);
  });
});
