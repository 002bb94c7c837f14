import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createLokiSource } from "../../integrations/loki/create-loki-source.ts";
import type { LogStream } from "../../src/ports/log-source.ts";
import { SourceQueryError, SourceUnavailableError } from "../../src/ports/source-errors.ts";
import { findFreePort } from "../../src/store/find-free-port.ts";
import { describeLogSourceContract } from "../support/contracts/index.ts";
import { type FakeLoki, startFakeLoki } from "../support/fake-loki.ts";

const closedLoki = async () => {
  const port = await findFreePort();
  return { source: createLokiSource({ url: `http://127.0.0.1:${port}`, retries: 0 }), close: async () => {} };
};

for (const pageSize of [1000, 2]) {
  describeLogSourceContract(
    `Loki (page size ${pageSize})`,
    async (fixture) => {
      const loki = await startFakeLoki({ streams: fixture.streams });
      return { source: createLokiSource({ url: loki.url, pageSize }), close: () => loki.stop() };
    },
    closedLoki,
  );
}

const T0 = 1_714_557_600n * 1_000_000_000n;
const at = (offsetNanos: bigint) => (T0 + offsetNanos).toString();
/** Two streams whose lines collide on some nanoseconds, so that page boundaries split equal timestamps. */
const streams: LogStream[] = [
  {
    stream: { service: "checkout", level: "error" },
    values: [0n, 10n, 10n, 20n, 30n, 30n, 30n, 40n].map((offset, index) => [at(offset), `checkout ${index}`]),
  },
  {
    stream: { service: "checkout", level: "info" },
    values: [10n, 30n, 50n].map((offset, index) => [at(offset), `info ${index}`]),
  },
];
const range = { start: 1_714_557_600, end: 1_714_557_601 };
const lines = (result: LogStream[]) =>
  result.flatMap((stream) => stream.values.map(([time, line]) => `${BigInt(time) - T0}:${line}`)).sort();

describe("Loki source", () => {
  let loki: FakeLoki;
  beforeAll(async () => {
    loki = await startFakeLoki({ streams, tenant: "team-a", bearerToken: "loki-token" });
  });
  afterAll(async () => {
    await loki.stop();
  });
  afterEach(() => {
    loki.requests.length = 0;
  });
  const source = (pageSize: number) =>
    createLokiSource({
      url: loki.url,
      tenant: "team-a",
      auth: { kind: "bearer", token: "loki-token" },
      pageSize,
      retryDelayMs: 1,
    });

  it("pages forward from the last timestamp without losing or repeating lines that share a nanosecond", async () => {
    const all = await source(1000).queryRange('{service="checkout"}', range, {
      limit: 100,
      direction: "forward",
    });
    const paged = await source(3).queryRange('{service="checkout"}', range, {
      limit: 100,
      direction: "forward",
    });
    expect(lines(all)).toHaveLength(11);
    expect(lines(paged)).toEqual(lines(all));
    const starts = loki.requests.slice(1).map((request) => BigInt(request.params.start ?? "0") - T0);
    expect(starts.slice(0, 2)).toEqual([0n, 10n]);
    expect(loki.requests.length).toBeGreaterThan(3);
  });

  it("pages backward by moving the exclusive end to the last timestamp plus one nanosecond", async () => {
    const paged = await source(3).queryRange('{service="checkout"}', range, {
      limit: 6,
      direction: "backward",
    });
    expect(lines(paged)).toEqual([
      "30:checkout 4",
      "30:checkout 5",
      "30:checkout 6",
      "30:info 1",
      "40:checkout 7",
      "50:info 2",
    ]);
    for (const stream of paged) {
      const times = stream.values.map(([time]) => BigInt(time));
      expect([...times].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0))).toEqual(times);
    }
    expect(BigInt(loki.requests[1]?.params.end ?? "0") - T0).toBe(31n);
  });

  it("stops at the line budget across pages", async () => {
    const result = await source(2).queryRange('{service="checkout"}', range, {
      limit: 5,
      direction: "forward",
    });
    expect(lines(result)).toEqual([
      "0:checkout 0",
      "10:checkout 1",
      "10:checkout 2",
      "10:info 0",
      "20:checkout 3",
    ]);
    expect(loki.requests.every((request) => Number(request.params.limit) <= 2 + 3)).toBe(true);
  });

  it("sends nanosecond start and end, the bearer token and the tenant header", async () => {
    await source(1000).queryRange('{service="checkout"}', range, { limit: 10, direction: "forward" });
    expect(loki.requests[0]?.params).toMatchObject({
      query: '{service="checkout"}',
      start: "1714557600000000000",
      end: "1714557601000000000",
      limit: "10",
      direction: "forward",
    });
    expect(loki.requests[0]?.headers).toEqual({ authorization: "Bearer loki-token", tenant: "team-a" });
  });

  it("answers SourceUnavailableError when Loki refuses the credentials or the tenant is missing", async () => {
    const wrongToken = createLokiSource({
      url: loki.url,
      tenant: "team-a",
      auth: { kind: "bearer", token: "x" },
    });
    await expect(
      wrongToken.queryRange('{service="checkout"}', range, { limit: 1, direction: "forward" }),
    ).rejects.toBeInstanceOf(SourceUnavailableError);
    const noTenant = createLokiSource({ url: loki.url, auth: { kind: "bearer", token: "loki-token" } });
    await expect(
      noTenant.queryRange('{service="checkout"}', range, { limit: 1, direction: "forward" }),
    ).rejects.toThrow(/no org id/);
  });

  it("retries a 5xx and then answers; gives up with SourceUnavailableError when 5xx persists", async () => {
    loki.failNext(2, 502);
    const result = await source(1000).queryRange('{service="checkout"}', range, {
      limit: 1,
      direction: "forward",
    });
    expect(lines(result)).toEqual(["0:checkout 0"]);
    expect(loki.requests).toHaveLength(3);
    loki.failNext(3, 503);
    await expect(
      source(1000).queryRange('{service="checkout"}', range, { limit: 1, direction: "forward" }),
    ).rejects.toBeInstanceOf(SourceUnavailableError);
  });

  it("gives up on a Loki slower than the timeout with SourceUnavailableError", async () => {
    loki.delayNext(1, 500);
    const slow = createLokiSource({
      url: loki.url,
      tenant: "team-a",
      auth: { kind: "bearer", token: "loki-token" },
      timeoutMs: 100,
      retries: 0,
    });
    await expect(
      slow.queryRange('{service="checkout"}', range, { limit: 1, direction: "forward" }),
    ).rejects.toThrow(/timed out after 100 ms/);
  });

  it("reports a query Loki rejects as SourceQueryError in Loki's words, without retrying", async () => {
    const attempt = source(1000).queryRange('{service="checkout"', range, { limit: 1, direction: "forward" });
    await expect(attempt).rejects.toBeInstanceOf(SourceQueryError);
    await expect(attempt).rejects.toThrow(/parse error/);
    expect(loki.requests).toHaveLength(1);
  });

  it("answers SourceUnavailableError when the URL does not lead to Loki's API", async () => {
    const wrongPrefix = createLokiSource({
      url: `${loki.url}/not-loki`,
      tenant: "team-a",
      auth: { kind: "bearer", token: "loki-token" },
    });
    await expect(
      wrongPrefix.queryRange('{service="checkout"}', range, { limit: 1, direction: "forward" }),
    ).rejects.toBeInstanceOf(SourceUnavailableError);
  });

  it("never asks for more than a page, so a budget above Loki's entry limit is not refused", async () => {
    const result = await source(1000).queryRange('{service="checkout"}', range, {
      limit: 6000,
      direction: "forward",
    });
    expect(lines(result)).toHaveLength(11);
    expect(loki.requests.map((request) => request.params.limit)).toEqual(["1000"]);
  });

  it("sends basic credentials from the options or from the URL", async () => {
    const basicLoki = await startFakeLoki({ streams, basic: { username: "vigil", password: "s3cret" } });
    try {
      const fromOptions = createLokiSource({
        url: basicLoki.url,
        auth: { kind: "basic", username: "vigil", password: "s3cret" },
      });
      const fromUrl = createLokiSource({ url: basicLoki.url.replace("http://", "http://vigil:s3cret@") });
      for (const client of [fromOptions, fromUrl]) {
        const result = await client.queryRange('{level="info"}', range, { limit: 10, direction: "forward" });
        expect(lines(result)).toEqual(["10:info 0", "30:info 1", "50:info 2"]);
      }
    } finally {
      await basicLoki.stop();
    }
  });
});
