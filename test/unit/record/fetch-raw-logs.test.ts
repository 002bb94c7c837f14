import { describe, expect, it } from "vitest";
import { createReplayLogSource } from "../../../integrations/replay/replay-log-source.ts";
import type { LogQueryOptions, LogSource } from "../../../src/ports/log-source.ts";
import { fetchRawLogs, mergeStreams } from "../../../src/record/fetch-raw-logs.ts";
import type { RecordedCalls } from "../../../src/record/recorded-calls.ts";

const NOW = 1_714_564_800;
const ns = (seconds: number) => `${seconds}000000000`;

const errors = {
  stream: { service: "checkout", level: "error" },
  values: [
    [ns(NOW - 500), "db timeout"],
    [ns(NOW - 400), "card declined"],
    [ns(NOW - 300), "db timeout"],
    [ns(NOW - 100), "db timeout"],
  ] as Array<[string, string]>,
};
const info = {
  stream: { service: "checkout", level: "info" },
  values: [
    [ns(NOW - 450), "GET /cart 200"],
    [ns(NOW - 50), "GET /cart 200"],
  ] as Array<[string, string]>,
};

async function query(
  logs: LogSource,
  text: string,
  range: { start: number; end: number },
  options: LogQueryOptions,
) {
  return { query: text, range, options, result: await logs.queryRange(text, range, options) };
}

describe("fetchRawLogs", () => {
  it("records what each query returned, and the newest lines of its stream selector over the range", async () => {
    const live = createReplayLogSource({ streams: [errors, info], nowSeconds: NOW });
    const options = { limit: 2, direction: "backward" as const };
    const calls: RecordedCalls["logQueries"] = [
      await query(
        live,
        '{service="checkout", level="error"} |= "db"',
        { start: NOW - 600, end: NOW },
        options,
      ),
    ];

    const { streams, warnings } = await fetchRawLogs({
      logs: live,
      queries: calls,
      range: { start: NOW - 420, end: NOW },
      lineLimit: 3,
      concurrency: 2,
    });

    expect(warnings).toEqual([]);
    // The query's two newest "db" lines, plus the bare selector's lines in the range ("card declined");
    // the oldest "db" line is neither in the query's answer nor in the range.
    expect(streams).toEqual([
      { stream: errors.stream, values: [errors.values[1], errors.values[2], errors.values[3]] },
    ]);
  });

  it("replays every recorded query to the answer the live source gave", async () => {
    const live = createReplayLogSource({ streams: [errors, info], nowSeconds: NOW });
    const calls: RecordedCalls["logQueries"] = [
      await query(
        live,
        '{service="checkout"} |= "db"',
        { start: NOW - 600, end: NOW },
        {
          limit: 2,
          direction: "backward",
        },
      ),
      await query(
        live,
        '{service="checkout"} |~ "GET|card"',
        { start: NOW - 600, end: NOW },
        {
          limit: 10,
          direction: "forward",
        },
      ),
    ];

    const { streams } = await fetchRawLogs({
      logs: live,
      queries: calls,
      range: { start: NOW - 600, end: NOW },
      lineLimit: 3,
      concurrency: 1,
    });
    const replayed = createReplayLogSource({ streams, nowSeconds: NOW });

    for (const call of calls) {
      expect(await replayed.queryRange(call.query, call.range, call.options)).toEqual(call.result);
    }
  });

  it("keeps the answer of a query it cannot parse and says so", async () => {
    const answer = [{ stream: { app: "x" }, values: [[ns(NOW - 5), "hello"]] as Array<[string, string]> }];
    const logs: LogSource = { queryRange: async () => [] };

    const { streams, warnings } = await fetchRawLogs({
      logs,
      queries: [
        {
          query: '{app="x"} | json',
          range: { start: NOW - 60, end: NOW },
          options: { limit: 5, direction: "backward" },
          result: answer,
        },
      ],
      range: { start: NOW - 60, end: NOW },
      lineLimit: 10,
      concurrency: 1,
    });

    expect(streams).toEqual(answer);
    expect(warnings).toEqual([expect.stringContaining('kept only the answer of {app="x"} | json')]);
  });
});

describe("mergeStreams", () => {
  it("joins the same stream from several answers, each line once, oldest first", () => {
    const merged = mergeStreams([
      {
        stream: { b: "2", a: "1" },
        values: [
          [ns(NOW - 1), "late"],
          [ns(NOW - 9), "early"],
        ],
      },
      {
        stream: { a: "1", b: "2" },
        values: [
          [ns(NOW - 9), "early"],
          ["999999999", "older"],
        ],
      },
    ]);

    expect(merged).toEqual([
      {
        stream: { b: "2", a: "1" },
        values: [
          ["999999999", "older"],
          [ns(NOW - 9), "early"],
          [ns(NOW - 1), "late"],
        ],
      },
    ]);
  });
});
