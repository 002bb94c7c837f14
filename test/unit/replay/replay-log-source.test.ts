import { describe, expect, it } from "vitest";
import { createReplayLogSource } from "../../../integrations/replay/replay-log-source.ts";
import { SourceQueryError } from "../../../src/ports/source-errors.ts";

const NOW = 1_700_000_000;
const ns = (seconds: number, extra = 0n) => (BigInt(seconds) * 1_000_000_000n + extra).toString();

function source() {
  return createReplayLogSource({
    nowSeconds: NOW,
    streams: [
      {
        stream: { service: "api", level: "error" },
        values: [
          [ns(NOW - 60), "Timeout calling db"],
          [ns(NOW - 30), "timeout calling cache"],
          [ns(NOW), "panic: nil map"],
          [ns(NOW, 1n), "recorded one nanosecond after now"],
          [ns(NOW + 60), "recorded after now"],
        ],
      },
    ],
  });
}

const forward = { limit: 100, direction: "forward" as const };

describe("replay log source", () => {
  it("never shows a line recorded after now", async () => {
    const result = await source().queryRange(
      '{service="api"}',
      { start: NOW - 600, end: NOW + 600 },
      forward,
    );
    expect(result[0]?.values.map(([, line]) => line)).toEqual([
      "Timeout calling db",
      "timeout calling cache",
      "panic: nil map",
    ]);
  });

  it("includes a line exactly at start and leaves out one exactly at end, to the nanosecond", async () => {
    const logs = source();
    const fromStart = await logs.queryRange('{service="api"}', { start: NOW - 30, end: NOW - 1 }, forward);
    expect(fromStart[0]?.values).toEqual([[ns(NOW - 30), "timeout calling cache"]]);
    expect(await logs.queryRange('{service="api"}', { start: NOW - 29, end: NOW }, forward)).toEqual([]);
  });

  it("honours a leading (?i) in line regexes", async () => {
    const result = await source().queryRange(
      '{service="api"} |~ "(?i)TIMEOUT"',
      { start: NOW - 600, end: NOW + 1 },
      forward,
    );
    expect(result[0]?.values).toHaveLength(2);
  });

  it("refuses parsers, metric queries and selectors that match everything", async () => {
    const logs = source();
    const range = { start: NOW - 60, end: NOW };
    for (const query of [
      '{service="api"} | json',
      'count_over_time({service="api"}[5m])',
      '{service=~".*"}',
      "{}",
    ]) {
      await expect(logs.queryRange(query, range, forward)).rejects.toBeInstanceOf(SourceQueryError);
    }
    await expect(logs.queryRange('{service="api"} | json', range, forward)).rejects.toThrow(/not supported/);
  });

  it("refuses a limit below one", async () => {
    await expect(
      source().queryRange(
        '{service="api"}',
        { start: NOW - 60, end: NOW },
        { limit: 0, direction: "forward" },
      ),
    ).rejects.toBeInstanceOf(SourceQueryError);
  });
});
