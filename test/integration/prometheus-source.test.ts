import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createPrometheusSource,
  type PrometheusSourceOptions,
} from "../../integrations/prometheus/create-prometheus-source.ts";
import { createServiceLabelMapping } from "../../integrations/prometheus/service-label-mapping.ts";
import { SourceQueryError, SourceUnavailableError } from "../../src/ports/source-errors.ts";
import { findFreePort } from "../../src/store/find-free-port.ts";
import { CONTRACT_T0, describeMetricsSourceContract } from "../support/contracts/index.ts";
import { type RunningPrometheus, startPrometheus } from "../support/start-prometheus.ts";

const unavailable = async () => {
  const port = await findFreePort();
  return {
    source: createPrometheusSource({ url: `http://127.0.0.1:${port}`, retries: 0 }),
    close: async () => {},
  };
};

describeMetricsSourceContract(
  "Prometheus (real, backfilled)",
  async (fixture) => {
    const prometheus = await startPrometheus({ series: fixture.series });
    return { source: createPrometheusSource({ url: prometheus.url }), close: prometheus.stop };
  },
  unavailable,
);

describeMetricsSourceContract(
  "Prometheus through the service label mapping",
  async (fixture) => {
    const prometheus = await startPrometheus({ series: fixture.series });
    const source = createServiceLabelMapping({ source: createPrometheusSource({ url: prometheus.url }) });
    return { source, close: prometheus.stop };
  },
  unavailable,
);

const T0 = CONTRACT_T0;
const RANGE = { start: T0, end: T0 + 120, stepSeconds: 60 };

interface Proxy {
  url: string;
  /** Requests that reached the proxy, answered or forwarded. */
  seen: number;
  close(): Promise<void>;
}

/**
 * A loopback reverse proxy in front of the real Prometheus, as an authenticating gateway or a
 * flaky load balancer would sit there: `intercept` may answer a request itself.
 */
async function startProxy(
  target: string,
  intercept: (request: IncomingMessage, count: number) => { status: number; body: string } | null,
): Promise<Proxy> {
  const state = { seen: 0 };
  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    state.seen += 1;
    const own = intercept(request, state.seen);
    if (own) {
      response.writeHead(own.status, { "content-type": "application/json" });
      response.end(own.body);
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const answer = await fetch(`${target}${request.url}`, {
      method: request.method ?? "GET",
      headers: { "content-type": request.headers["content-type"] ?? "application/x-www-form-urlencoded" },
      ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
    });
    response.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "text/plain" });
    response.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get seen() {
      return state.seen;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const refuse = { status: 401, body: JSON.stringify({ status: "error", error: "unauthorized" }) };

describe("createPrometheusSource against a real Prometheus", () => {
  let prometheus: RunningPrometheus;
  const source = (options: Partial<PrometheusSourceOptions> = {}) =>
    createPrometheusSource({ url: prometheus.url, ...options });

  beforeAll(async () => {
    prometheus = await startPrometheus({
      series: [
        {
          metric: { __name__: "odd_values", service: "checkout" },
          values: [
            [T0, "1.5"],
            [T0 + 60, "NaN"],
            [T0 + 120, "+Inf"],
          ],
        },
        { metric: { __name__: "odd_values", service: "payments" }, values: [[T0, "-Inf"]] },
      ],
    });
  });
  afterAll(async () => {
    await prometheus?.stop();
  });

  it("reads NaN and infinities from query_range as numbers", async () => {
    const result = await source().queryRange('odd_values{service="checkout"}', RANGE);
    expect(result).toEqual([
      {
        metric: { __name__: "odd_values", service: "checkout" },
        values: [
          [T0, 1.5],
          [T0 + 60, Number.NaN],
          [T0 + 120, Number.POSITIVE_INFINITY],
        ],
      },
    ]);
    const [negative] = await source().queryRange('odd_values{service="payments"}', RANGE);
    expect(negative?.values[0]).toEqual([T0, Number.NEGATIVE_INFINITY]);
  });

  it("lists series and label names in a range", async () => {
    expect(await source().series(["odd_values"], { start: T0, end: T0 + 60 })).toEqual([
      { __name__: "odd_values", service: "checkout" },
      { __name__: "odd_values", service: "payments" },
    ]);
    expect(await source().labels(["odd_values"], { start: T0, end: T0 + 60 })).toEqual([
      "__name__",
      "service",
    ]);
  });

  it("rejects what Prometheus rejects with its own words: bad PromQL, too many points", async () => {
    await expect(source().queryRange("sum(odd_values", RANGE)).rejects.toThrow(/parse error/);
    const tooFine = source().queryRange("odd_values", { start: T0, end: T0 + 86_400, stepSeconds: 1 });
    await expect(tooFine).rejects.toBeInstanceOf(SourceQueryError);
    await expect(tooFine).rejects.toThrow(/exceeded maximum resolution/);
  });

  it("gets through an authenticating proxy with a bearer token or basic auth, and reports refusal as unavailable", async () => {
    const proxy = await startProxy(prometheus.url, (request) => {
      const auth = request.headers.authorization;
      const basic = `Basic ${Buffer.from("vigil:pw").toString("base64")}`;
      return auth === "Bearer right-token" || auth === basic ? null : refuse;
    });
    try {
      const withToken = createPrometheusSource({
        url: proxy.url,
        auth: { kind: "bearer", token: "right-token" },
      });
      expect(await withToken.queryRange("odd_values", RANGE)).toHaveLength(2);
      const withBasic = createPrometheusSource({
        url: proxy.url,
        auth: { kind: "basic", username: "vigil", password: "pw" },
      });
      expect(await withBasic.series(["odd_values"], RANGE)).toHaveLength(2);

      const before = proxy.seen;
      const wrong = createPrometheusSource({
        url: proxy.url,
        auth: { kind: "bearer", token: "wrong-token" },
      });
      const error = await wrong.queryRange("odd_values", RANGE).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SourceUnavailableError);
      expect((error as Error).message).toMatch(/401/);
      expect((error as Error).message).not.toContain("wrong-token");
      expect(proxy.seen - before).toBe(1);
    } finally {
      await proxy.close();
    }
  });

  it("retries through a load balancer's 503s and answers from Prometheus", async () => {
    const busy = { status: 503, body: JSON.stringify({ status: "error", error: "no healthy upstream" }) };
    const proxy = await startProxy(prometheus.url, (_request, count) => (count <= 2 ? busy : null));
    try {
      const flaky = createPrometheusSource({ url: proxy.url, retries: 2, retryDelayMs: 20 });
      expect(await flaky.queryRange("odd_values", RANGE)).toHaveLength(2);
      expect(proxy.seen).toBe(3);
    } finally {
      await proxy.close();
    }
  });
});
