import { describe, expect, it } from "vitest";
import { matchesSelector } from "../../../integrations/prometheus/matches-selector.ts";
import { mapSelectors, metricOf, type Selector } from "../../../integrations/prometheus/promql-selectors.ts";

const collect = (query: string): Selector[] => {
  const found: Selector[] = [];
  mapSelectors(query, (selector) => {
    found.push(selector);
    return null;
  });
  return found;
};

describe("PromQL selector rewriting", () => {
  it("finds every selector with its metric, written either way", () => {
    const selectors = collect(
      'sum(rate({__name__="http_requests_total", service="a", code=~"5.."}[2m])) / sum(rate(up {job="b"}[2m]))',
    );
    expect(selectors).toEqual([
      {
        metric: null,
        matchers: [
          { label: "__name__", op: "=", value: "http_requests_total" },
          { label: "service", op: "=", value: "a" },
          { label: "code", op: "=~", value: "5.." },
        ],
      },
      { metric: "up", matchers: [{ label: "job", op: "=", value: "b" }] },
    ]);
    expect(selectors.map(metricOf)).toEqual(["http_requests_total", "up"]);
  });

  it("rewrites only the selectors it is asked to and keeps the rest of the text as written", () => {
    const query =
      'histogram_quantile(0.95, sum by (le) (rate(x_bucket{service="a"}[2m]))) and y{service = "a"}';
    const rewritten = mapSelectors(query, (selector) =>
      selector.metric === "x_bucket" ? [{ label: "app", op: "=", value: "a" }] : null,
    );
    expect(rewritten).toBe(
      'histogram_quantile(0.95, sum by (le) (rate(x_bucket{app="a"}[2m]))) and y{service = "a"}',
    );
  });

  it("does not take a keyword or a brace inside a string for a selector", () => {
    const selectors = collect('a{l="}{"} or {job="x"} # {comment="y"}');
    expect(selectors).toEqual([
      { metric: "a", matchers: [{ label: "l", op: "=", value: "}{" }] },
      { metric: null, matchers: [{ label: "job", op: "=", value: "x" }] },
    ]);
  });

  it("round-trips escapes in values", () => {
    const query = 'm{path=~"/a\\\\.b", quote="say \\"hi\\""}';
    const selectors = collect(query);
    expect(selectors[0]?.matchers.map((matcher) => matcher.value)).toEqual(["/a\\.b", 'say "hi"']);
    expect(mapSelectors(query, (selector) => selector.matchers)).toBe(
      'm{path=~"/a\\\\.b", quote="say \\"hi\\""}',
    );
  });

  it("keeps a selector it cannot read exactly as written and goes on with the next", () => {
    const query = 'm{"quoted.label"="x"} + n{a="b"}';
    expect(mapSelectors(query, () => [{ label: "z", op: "=", value: "1" }])).toBe(
      'm{"quoted.label"="x"} + n{z="1"}',
    );
  });
});

describe("matchesSelector", () => {
  it("follows Prometheus: anchored regexes, and a missing label is empty", () => {
    const labels = { __name__: "up", job: "checkout-v2" };
    const selector = (matchers: Selector["matchers"], metric: string | null = null) => ({ metric, matchers });
    expect(matchesSelector(labels, selector([{ label: "job", op: "=~", value: "checkout" }]))).toBe(false);
    expect(matchesSelector(labels, selector([{ label: "job", op: "=~", value: "checkout.*" }]))).toBe(true);
    expect(matchesSelector(labels, selector([{ label: "pod", op: "=", value: "" }]))).toBe(true);
    expect(matchesSelector(labels, selector([{ label: "job", op: "!~", value: "check.*" }]))).toBe(false);
    expect(matchesSelector(labels, selector([], "down"))).toBe(false);
  });
});
