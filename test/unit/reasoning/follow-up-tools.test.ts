import { describe, expect, it } from "vitest";
import { createFollowUpTools, FOLLOW_UP_TOOLS } from "../../../src/agent/reasoning/follow-up-tools.ts";
import type { Evidence } from "../../../src/domain/evidence.ts";
import type { DataSources } from "../../../src/ports/data-sources.ts";
import { SourceQueryError, SourceUnavailableError } from "../../../src/ports/source-errors.ts";

const START = 1_700_000_000;
const END = START + 3_600;

interface Asked {
  metrics: Array<{ query: string; start: number; end: number }>;
  logs: Array<{ query: string; limit: number }>;
  cluster: string[];
}

function sources(asked: Asked): DataSources {
  return {
    metrics: {
      async queryRange(query, range) {
        asked.metrics.push({ query, start: range.start, end: range.end });
        if (query.includes("bad(")) throw new SourceQueryError("metrics", "parse error at char 4");
        return Array.from({ length: 12 }, (_, series) => ({
          metric: { pod: `p${series}` },
          values: Array.from({ length: 200 }, (_, i): [number, number] => [START + i * 15, i]),
        }));
      },
      series: async () => [],
    },
    logs: {
      async queryRange(query, _range, options) {
        asked.logs.push({ query, limit: options.limit });
        return [{ stream: { service: "a" }, values: [["1700000100000000000", `x${"y".repeat(400)}`]] }];
      },
    },
    changes: {
      list: async () => [
        { id: "c1", kind: "deploy", service: "a", at: "2023-11-14T22:20:00Z" },
        { id: "c2", kind: "config", service: "b", at: "2023-11-14T22:25:00Z" },
      ],
    },
    cluster: {
      async list(kind) {
        asked.cluster.push(kind);
        return [
          {
            kind,
            metadata: {
              name: "a",
              namespace: "shop",
              managedFields: [{ manager: "kubectl" }],
              annotations: { "kubectl.kubernetes.io/last-applied-configuration": "{...}", team: "x" },
            },
            spec: {
              template: {
                spec: { containers: [{ name: "a", env: [{ name: "DB_PASSWORD", value: "hunter2" }] }] },
              },
            },
          },
        ];
      },
      get: async () => null,
    },
    topology: {
      edges: async () => {
        throw new SourceUnavailableError("topology", "down");
      },
    },
  };
}

const known = new Map<string, Evidence>([
  [
    "ev-metr-aaaaaaaaaa",
    {
      id: "ev-metr-aaaaaaaaaa",
      source: "metrics",
      query: "up",
      range: { start: "s", end: "e" },
      summary: "up",
      data: [1],
    },
  ],
]);

function tools(asked: Asked) {
  return createFollowUpTools({
    sources: sources(asked),
    window: { start: START, end: END },
    known,
    timeoutMs: 1_000,
  });
}

describe("follow-up tools", () => {
  it("offers five read-only tools in the OpenAI function format", () => {
    expect(FOLLOW_UP_TOOLS.map((tool) => tool.function.name)).toEqual([
      "query_metrics",
      "query_logs",
      "list_changes",
      "get_kubernetes_objects",
      "show_evidence",
    ]);
    expect(JSON.stringify(FOLLOW_UP_TOOLS)).not.toContain("$schema");
  });

  it("reads the investigation window only, caps series and points, and gives stable evidence ids", async () => {
    const asked: Asked = { metrics: [], logs: [], cluster: [] };
    const run = tools(asked);
    const first = await run({ id: "1", name: "query_metrics", args: { query: "rate(x[5m])" } });
    const again = await run({ id: "2", name: "query_metrics", args: { query: "rate(x[5m])" } });

    expect(asked.metrics[0]).toEqual({ query: "rate(x[5m])", start: START, end: END });
    const data = first.evidence?.data as Array<{ values: unknown[] }>;
    expect(data).toHaveLength(8);
    expect(data[0]?.values).toHaveLength(40);
    expect(first.evidence?.id).toMatch(/^ev-metr-[0-9a-f]{10}$/);
    expect(again.evidence?.id).toBe(first.evidence?.id);
    expect(first.text).toContain(
      `Evidence ${first.evidence?.id}: model follow-up (query_metrics): 12 series, 320 points shown`,
    );
    expect(first.followUp).toEqual({
      tool: "query_metrics",
      query: "rate(x[5m])",
      evidenceId: first.evidence?.id,
    });
  });

  it("caps log lines and their length, and never asks for more than 50 lines", async () => {
    const asked: Asked = { metrics: [], logs: [], cluster: [] };
    const outcome = await tools(asked)({ id: "1", name: "query_logs", args: { query: '{service="a"}' } });
    expect(asked.logs).toEqual([{ query: '{service="a"}', limit: 30 }]);
    const streams = outcome.evidence?.data as Array<{ values: Array<[string, string]> }>;
    expect(streams[0]?.values[0]?.[1]).toHaveLength(303);
    const tooMany = await tools(asked)({ id: "2", name: "query_logs", args: { query: "{}", limit: 5000 } });
    expect(tooMany.evidence).toBeNull();
    expect(tooMany.followUp.error).toMatch(/invalid arguments/);
  });

  it("strips Kubernetes objects of managed fields, the last-applied copy and env values", async () => {
    const asked: Asked = { metrics: [], logs: [], cluster: [] };
    const outcome = await tools(asked)({
      id: "1",
      name: "get_kubernetes_objects",
      args: { kind: "Deployment", namespace: "shop" },
    });
    const text = JSON.stringify(outcome.evidence?.data);
    expect(text).not.toContain("managedFields");
    expect(text).not.toContain("last-applied");
    expect(text).not.toContain("hunter2");
    expect(text).toContain('"env":[{"name":"DB_PASSWORD"}]');
    expect(outcome.followUp.query).toBe("get Deployment -n shop");
  });

  it("refuses to read Secrets and answers unknown tools and refused queries as values", async () => {
    const asked: Asked = { metrics: [], logs: [], cluster: [] };
    const run = tools(asked);
    const secret = await run({ id: "1", name: "get_kubernetes_objects", args: { kind: "Secret" } });
    expect(secret.evidence).toBeNull();
    expect(asked.cluster).toEqual([]);
    const unknown = await run({ id: "2", name: "kubectl_delete", args: {} });
    expect(unknown.followUp.error).toBe("there is no tool named kubectl_delete");
    const refused = await run({ id: "3", name: "query_metrics", args: { query: "bad(" } });
    expect(refused.followUp.error).toBe("SourceQueryError: parse error at char 4");
    expect(refused.text).toContain("The tool could not answer");
  });

  it("filters changes by service and shows existing evidence without making new evidence", async () => {
    const asked: Asked = { metrics: [], logs: [], cluster: [] };
    const run = tools(asked);
    const changes = await run({ id: "1", name: "list_changes", args: { service: "b" } });
    expect((changes.evidence!.data as Array<{ id: string }>).map((change) => change.id)).toEqual(["c2"]);
    const shown = await run({ id: "2", name: "show_evidence", args: { id: "ev-metr-aaaaaaaaaa" } });
    expect(shown.evidence).toBeNull();
    expect(shown.followUp.evidenceId).toBe("ev-metr-aaaaaaaaaa");
    expect(shown.text).toContain("<<<DATA ev-metr-aaaaaaaaaa");
    const missing = await run({ id: "3", name: "show_evidence", args: { id: "ev-none" } });
    expect(missing.followUp.error).toBe("no evidence has the id ev-none");
  });
});
