import { describe, expect, it } from "vitest";
import { parseSeriesSelector } from "../../../integrations/replay/promql/parse-promql.ts";
import { SourceQueryError } from "../../../src/ports/source-errors.ts";
import { LOOKBACK_DELTA_SECONDS, renderSelector, selectorsOf } from "../../../src/record/metric-selectors.ts";

describe("selectorsOf", () => {
  it("finds every selector of a query with how far back it reads", () => {
    const uses = selectorsOf(
      'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{service="checkout"}[2m]))) / on() group(up{job="x"} offset 10m)',
    );
    expect(uses).toEqual([
      {
        selector: '{__name__="http_request_duration_seconds_bucket", service="checkout"}',
        reachSeconds: 120,
        offsetSeconds: 0,
      },
      { selector: '{__name__="up", job="x"}', reachSeconds: LOOKBACK_DELTA_SECONDS, offsetSeconds: 600 },
    ]);
  });

  it("reads the offset of a range selector and the selectors inside scalar parameters", () => {
    const uses = selectorsOf('topk(scalar(count(a)), increase(b{x=~"1|2"}[5m] offset 1h))');
    expect(uses.map((use) => [use.selector, use.reachSeconds, use.offsetSeconds])).toEqual([
      ['{__name__="a"}', LOOKBACK_DELTA_SECONDS, 0],
      ['{__name__="b", x=~"1|2"}', 300, 3600],
    ]);
  });

  it("refuses a query the replay could not evaluate, with the parser's error", () => {
    expect(() => selectorsOf("rate(x[5m:1m])")).toThrow(SourceQueryError);
  });
});

describe("renderSelector", () => {
  it("writes one selector the same way whatever the order of its matchers", () => {
    const a = renderSelector([
      { name: "service", op: "=", value: "checkout" },
      { name: "__name__", op: "=", value: "up" },
    ]);
    const b = renderSelector([
      { name: "__name__", op: "=", value: "up" },
      { name: "service", op: "=", value: "checkout" },
    ]);
    expect(a).toBe(b);
  });

  it("escapes values so that the parser reads back exactly the same matchers", () => {
    const matchers = [
      { name: "__name__", op: "=" as const, value: "log_lines" },
      { name: "path", op: "!~" as const, value: 'C:\\tmp\\"x"\n.*' },
      { name: "host", op: "=~" as const, value: "a\\.example\\.com|b" },
    ];
    const back = parseSeriesSelector(renderSelector(matchers)).matchers.map(({ name, op, value }) => ({
      name,
      op,
      value,
    }));
    expect(back).toEqual(expect.arrayContaining(matchers));
    expect(back).toHaveLength(3);
  });
});
