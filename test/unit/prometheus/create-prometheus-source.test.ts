import { afterEach, describe, expect, it } from "vitest";
import { createPrometheusSource } from "../../../integrations/prometheus/create-prometheus-source.ts";
import { SourceQueryError, SourceUnavailableError } from "../../../src/ports/source-errors.ts";
import { findFreePort } from "../../../src/store/find-free-port.ts";
import { json, type LoopbackPrometheus, startLoopbackPrometheus, success } from "./loopback-prometheus.ts";

const RANGE = { start: 1_714_557_600, end: 1_714_558_200, stepSeconds: 60 };
const MATRIX = {
  resultType: "matrix",
  result: [
    {
      metric: { __name__: "up", job: "checkout" },
      values: [
        [1_714_557_600, "1"],
        [1_714_557_660, "NaN"],
        [1_714_557_720, "+Inf"],
        [1_714_557_780, "-Inf"],
        [1_714_557_840, "2.5e-3"],
      ],
    },
  ],
};

describe("createPrometheusSource over the HTTP API", () => {
  let server: LoopbackPrometheus;
  afterEach(async () => {
    await server?.close();
  });

  it("posts query_range as a form and parses NaN and infinities to numbers", async () => {
    server = await startLoopbackPrometheus(success(MATRIX));
    const source = createPrometheusSource({ url: server.url, headers: { "X-Scope-OrgID": "shop" } });

    const series = await source.queryRange('sum(rate(http_requests_total{service="a b"}[2m]))', RANGE);

    expect(series).toEqual([
      {
        metric: { __name__: "up", job: "checkout" },
        values: [
          [1_714_557_600, 1],
          [1_714_557_660, Number.NaN],
          [1_714_557_720, Number.POSITIVE_INFINITY],
          [1_714_557_780, Number.NEGATIVE_INFINITY],
          [1_714_557_840, 0.0025],
        ],
      },
    ]);
    const request = server.requests[0];
    expect(request?.method).toBe("POST");
    expect(request?.path).toBe("/api/v1/query_range");
    expect(request?.headers["x-scope-orgid"]).toBe("shop");
    expect(Object.fromEntries(request?.form ?? [])).toEqual({
      query: 'sum(rate(http_requests_total{service="a b"}[2m]))',
      start: "1714557600",
      end: "1714558200",
      step: "60",
    });
  });

  it("asks /api/v1/series with one match[] per selector and the range", async () => {
    server = await startLoopbackPrometheus(success([{ __name__: "up", job: "a" }]));
    const source = createPrometheusSource({ url: `${server.url}/prometheus/` });

    const labels = await source.series(["up", '{job="a"}'], { start: 10, end: 20 });

    expect(labels).toEqual([{ __name__: "up", job: "a" }]);
    expect(server.requests[0]?.path).toBe("/prometheus/api/v1/series");
    expect(server.requests[0]?.form.getAll("match[]")).toEqual(["up", '{job="a"}']);
    expect(server.requests[0]?.form.get("start")).toBe("10");
  });

  it("lists label names, optionally for matching series", async () => {
    server = await startLoopbackPrometheus(success(["__name__", "job"]));
    const source = createPrometheusSource({ url: server.url });

    expect(await source.labels()).toEqual(["__name__", "job"]);
    expect(await source.labels(["up"], { start: 1, end: 2 })).toEqual(["__name__", "job"]);
    expect(server.requests[0]?.form.getAll("match[]")).toEqual([]);
    expect(server.requests[1]?.form.getAll("match[]")).toEqual(["up"]);
  });

  it("rejects a bad query with SourceQueryError carrying Prometheus' words, without retrying", async () => {
    server = await startLoopbackPrometheus(
      json(400, {
        status: "error",
        errorType: "bad_data",
        error: "1:5: parse error: unclosed left parenthesis",
      }),
    );
    const source = createPrometheusSource({ url: server.url, retries: 3, retryDelayMs: 1 });

    const error = await source.queryRange("sum(up", RANGE).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SourceQueryError);
    expect((error as Error).message).toContain("unclosed left parenthesis");
    expect(server.requests).toHaveLength(1);
  });

  it("treats an execution error (422) as a query error too", async () => {
    server = await startLoopbackPrometheus(
      json(422, {
        status: "error",
        errorType: "execution",
        error: "vector cannot contain metrics with the same labelset",
      }),
    );
    const source = createPrometheusSource({ url: server.url });

    await expect(source.queryRange("x", RANGE)).rejects.toThrow(/same labelset/);
    await expect(source.queryRange("x", RANGE)).rejects.toBeInstanceOf(SourceQueryError);
  });

  it("retries a 503 with backoff and answers once Prometheus is back", async () => {
    let calls = 0;
    server = await startLoopbackPrometheus((request, response) => {
      calls += 1;
      (calls < 3 ? json(503, { status: "error", errorType: "unavailable", error: "busy" }) : success(MATRIX))(
        request,
        response,
      );
    });
    const source = createPrometheusSource({ url: server.url, retries: 2, retryDelayMs: 5 });

    const series = await source.queryRange("up", RANGE);

    expect(series).toHaveLength(1);
    expect(calls).toBe(3);
  });

  it("gives up after its retries with SourceUnavailableError naming the status and the attempts", async () => {
    server = await startLoopbackPrometheus((_request, response) => {
      response.writeHead(502, { "content-type": "text/html" });
      response.end("<html><body>Bad Gateway</body></html>");
    });
    const source = createPrometheusSource({ url: server.url, retries: 2, retryDelayMs: 1 });

    const error = await source.series(["up"], { start: 1, end: 2 }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SourceUnavailableError);
    expect((error as SourceUnavailableError).source).toBe("metrics");
    expect((error as Error).message).toMatch(
      /answered 502 Bad Gateway: <html><body>Bad Gateway.* after 3 attempts/,
    );
    expect(server.requests).toHaveLength(3);
  });

  it("does not retry refused credentials, says so, and never prints them", async () => {
    server = await startLoopbackPrometheus(json(401, { status: "error", error: "Unauthorized" }));
    const url = new URL(server.url);
    url.username = "vigil";
    url.password = "s3cret-pass";
    const source = createPrometheusSource({ url: url.toString(), retries: 3, retryDelayMs: 1 });

    const error = await source.queryRange("up", RANGE).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SourceUnavailableError);
    expect((error as Error).message).toContain("401");
    expect((error as Error).message).toContain("credentials");
    expect((error as Error).message).not.toContain("s3cret-pass");
    expect(source.endpoint).not.toContain("s3cret-pass");
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers.authorization).toBe(
      `Basic ${Buffer.from("vigil:s3cret-pass").toString("base64")}`,
    );
  });

  it("sends a bearer token and lets it win over a configured authorization header", async () => {
    server = await startLoopbackPrometheus(success(MATRIX));
    const source = createPrometheusSource({
      url: server.url,
      auth: { kind: "bearer", token: "tok-123" },
      headers: { Authorization: "Basic bm9wZQ==" },
    });

    await source.queryRange("up", RANGE);

    expect(server.requests[0]?.headers.authorization).toBe("Bearer tok-123");
  });

  it("times out a silent Prometheus, retries, then reports it unavailable", async () => {
    server = await startLoopbackPrometheus(() => {
      // Never answers.
    });
    const source = createPrometheusSource({ url: server.url, timeoutMs: 100, retries: 1, retryDelayMs: 1 });

    const error = await source.queryRange("up", RANGE).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SourceUnavailableError);
    expect((error as Error).message).toMatch(/did not answer within 100 ms after 2 attempts/);
    expect(server.requests).toHaveLength(2);
  });

  it("reports an unreachable Prometheus as unavailable", async () => {
    const port = await findFreePort();
    const source = createPrometheusSource({ url: `http://127.0.0.1:${port}`, retries: 1, retryDelayMs: 1 });

    await expect(source.queryRange("up", RANGE)).rejects.toThrow(/could not be reached \(ECONNREFUSED\)/);
  });

  it("stops waiting and rejects with the caller's abort reason when the caller gives up", async () => {
    server = await startLoopbackPrometheus(json(503, { status: "error", error: "busy" }));
    const source = createPrometheusSource({ url: server.url, retries: 5, retryDelayMs: 60_000 });
    const controller = new AbortController();
    const started = performance.now();
    setTimeout(() => controller.abort(new Error("deadline")), 100);

    await expect(source.queryRange("up", RANGE, controller.signal)).rejects.toThrow("deadline");

    expect(performance.now() - started).toBeLessThan(5_000);
    expect(server.requests).toHaveLength(1);
  });

  it("reports an answer that is not the Prometheus API as unavailable", async () => {
    server = await startLoopbackPrometheus((_request, response) => {
      response.writeHead(200, { "content-type": "text/html" });
      response.end("<html>Sign in</html>");
    });
    const source = createPrometheusSource({ url: server.url, retries: 2, retryDelayMs: 1 });

    await expect(source.queryRange("up", RANGE)).rejects.toThrow(/not the Prometheus API: <html>Sign in/);
    await expect(source.queryRange("up", RANGE)).rejects.toBeInstanceOf(SourceUnavailableError);
    expect(server.requests).toHaveLength(2);
  });

  it("reports a result that is not a matrix as unavailable rather than guessing", async () => {
    server = await startLoopbackPrometheus(success({ resultType: "vector", result: [] }));
    const source = createPrometheusSource({ url: server.url });

    await expect(source.queryRange("up", RANGE)).rejects.toThrow(/unknown shape/);
  });
});
