import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LogQueryOptions, LogSource, LogStream } from "../../../src/ports/log-source.ts";
import { SourceQueryError, SourceUnavailableError } from "../../../src/ports/source-errors.ts";
import {
  CONTRACT_T0,
  type ContractHarness,
  type MakeSource,
  type MakeUnavailableSource,
} from "./contract-harness.ts";

export interface LogsFixture {
  now: number;
  /** Loki `query_range` streams form, nanosecond timestamps as strings, ascending. */
  streams: LogStream[];
}

const T0 = CONTRACT_T0;
const SUB_SECOND = 123_456_789n;

function at(secondsAfterT0: number): string {
  return (BigInt(T0 + secondsAfterT0) * 1_000_000_000n + SUB_SECOND).toString();
}

function lines(
  first: number,
  every: number,
  last: number,
  text: (index: number) => string,
): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let s = first, index = 0; s <= last; s += every, index++) out.push([at(s), text(index)]);
  return out;
}

/** Four streams whose lines never share a timestamp, so limit and direction have one right answer. */
export function logsContractFixture(): LogsFixture {
  return {
    now: T0 + 3600,
    streams: [
      {
        stream: { service: "checkout", namespace: "shop", level: "info" },
        values: lines(10, 30, 600, (index) => (index % 2 ? "GET /cart 200 12ms" : "GET /cart/items 200 8ms")),
      },
      {
        stream: { service: "checkout", namespace: "shop", level: "error" },
        values: lines(25, 60, 600, (index) =>
          index % 3 === 2
            ? "POST /checkout 500 connection refused"
            : "POST /checkout 500 upstream payments timed out",
        ),
      },
      {
        stream: { service: "payments", namespace: "shop", level: "info" },
        values: lines(15, 30, 600, (index) => `charge ok id=${1000 + index}`),
      },
      {
        stream: { service: "checkout-v2", namespace: "shop", level: "info" },
        values: lines(5, 120, 600, () => "GET /cart 200 3ms"),
      },
    ],
  };
}

/**
 * The behaviour every `LogSource` shares with Loki's `query_range`: stream selectors, chained
 * line filters, time range, `limit` across streams and `direction`, and the two failure kinds.
 */
export function describeLogSourceContract(
  name: string,
  make: MakeSource<LogsFixture, LogSource>,
  makeUnavailable: MakeUnavailableSource<LogSource>,
): void {
  describe(`LogSource contract: ${name}`, () => {
    const fixture = logsContractFixture();
    let harness: ContractHarness<LogSource>;
    const forward: LogQueryOptions = { limit: 1000, direction: "forward" };
    const query = (logql: string, options = forward, start = T0, end = T0 + 700) =>
      harness.source.queryRange(logql, { start, end }, options);

    beforeAll(async () => {
      harness = await make(fixture);
    });
    afterAll(async () => {
      await harness?.close();
    });

    it("selects streams by label and returns their lines with the stream labels", async () => {
      const result = await query('{service="checkout"}');
      expect(result.map((stream) => stream.stream.level).sort()).toEqual(["error", "info"]);
      const info = result.find((stream) => stream.stream.level === "info");
      expect(info?.stream).toMatchObject({ service: "checkout", namespace: "shop", level: "info" });
      expect(info?.values).toEqual(fixture.streams[0]?.values);
    });

    it("matches stream labels with !=, =~ (anchored) and !~", async () => {
      expect(levels(await query('{service="checkout", level!="info"}'))).toEqual(["checkout/error"]);
      expect(levels(await query('{service=~"checkout"}'))).toEqual(["checkout/error", "checkout/info"]);
      expect(levels(await query('{service=~"checkout.*", level="info"}'))).toEqual([
        "checkout-v2/info",
        "checkout/info",
      ]);
      expect(levels(await query('{namespace="shop", service!~"checkout.*"}'))).toEqual(["payments/info"]);
    });

    it("applies chained line filters |=, !=, |~ and !~", async () => {
      const errors = allLines(await query('{service="checkout"} |= "500"'));
      expect(errors.length).toBe(10);
      expect(errors.every((line) => line.startsWith("POST /checkout 500"))).toBe(true);
      const timeouts = allLines(await query('{service="checkout"} |= "500" != "refused"'));
      expect(timeouts.length).toBe(7);
      expect(timeouts.every((line) => line.endsWith("timed out"))).toBe(true);
      const regex = allLines(await query('{service="checkout"} |~ "refused|timed"'));
      expect(regex.length).toBe(10);
      expect(allLines(await query('{service="checkout"} !~ "GET .*"'))).toEqual(errors);
      expect(allLines(await query('{service="payments"} |~ "id=100[0-2]$"'))).toEqual([
        "charge ok id=1000",
        "charge ok id=1001",
        "charge ok id=1002",
      ]);
    });

    it("returns only lines inside the time range", async () => {
      const result = await query('{service="checkout", level="info"}', forward, T0 + 95, T0 + 195);
      expect(result[0]?.values.map(([time]) => time)).toEqual([at(100), at(130), at(160), at(190)]);
    });

    it("answers the newest lines across all streams, newest first, for direction backward", async () => {
      const result = await query('{namespace="shop"}', { limit: 5, direction: "backward" });
      const expected = everyEntry(fixture.streams).sort(byTime).reverse().slice(0, 5);
      expect(everyEntry(result).sort(byTime)).toEqual(expected.sort(byTime));
      for (const stream of result) expect([...stream.values].sort(byTimeOf).reverse()).toEqual(stream.values);
    });

    it("answers the oldest lines across all streams, oldest first, for direction forward", async () => {
      const result = await query('{namespace="shop"}', { limit: 5, direction: "forward" });
      const expected = everyEntry(fixture.streams).sort(byTime).slice(0, 5);
      expect(everyEntry(result).sort(byTime)).toEqual(expected);
      for (const stream of result) expect([...stream.values].sort(byTimeOf)).toEqual(stream.values);
    });

    it("answers an empty list when no line matches", async () => {
      expect(await query('{service="nowhere"}')).toEqual([]);
      expect(await query('{service="checkout"} |= "no such text"')).toEqual([]);
    });

    it("rejects a malformed query with SourceQueryError", async () => {
      await expect(query('{service="checkout"')).rejects.toBeInstanceOf(SourceQueryError);
      await expect(query('service="checkout"')).rejects.toBeInstanceOf(SourceQueryError);
    });

    it("rejects with SourceUnavailableError when the backend cannot be asked", async () => {
      const down = await makeUnavailable();
      try {
        await expect(
          down.source.queryRange('{service="checkout"}', { start: T0, end: T0 + 60 }, forward),
        ).rejects.toBeInstanceOf(SourceUnavailableError);
      } finally {
        await down.close();
      }
    });
  });
}

function levels(result: LogStream[]): string[] {
  return result.map((stream) => `${stream.stream.service}/${stream.stream.level}`).sort();
}

function allLines(result: LogStream[]): string[] {
  return everyEntry(result)
    .sort(byTime)
    .map(([, , line]) => line);
}

type Entry = [bigint, string, string];

function everyEntry(streams: LogStream[]): Entry[] {
  return streams.flatMap((stream) =>
    stream.values.map(
      ([time, line]): Entry => [BigInt(time), `${stream.stream.service}/${stream.stream.level}`, line],
    ),
  );
}

function byTime(a: Entry, b: Entry): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

function byTimeOf(a: [string, string], b: [string, string]): number {
  return byTime([BigInt(a[0]), "", ""], [BigInt(b[0]), "", ""]);
}
