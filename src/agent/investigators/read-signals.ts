import type { Point } from "../../analysis/index.ts";
import type { MetricsSource, Series } from "../../ports/metrics-source.ts";
import type { TimeRange } from "../../ports/time-range.ts";
import { isErrorOutcome, isThrottledOutcome } from "./outcome-codes.ts";
import { regexLiteral } from "./query-literals.ts";
import type { SeriesGroup } from "./series-groups.ts";

/** One signal of one service as a single time series, with the exact query behind it. */
export interface SignalSeries {
  service: string;
  signal: string;
  worseWhen: "up" | "down" | "both";
  isNode: boolean;
  /** Measured by the service's callers (client side), not by the service itself. */
  viaCallers: boolean;
  metric: string;
  query: string;
  points: Point[];
}

const RATE_WINDOW = "2m";
const LATENCY_QUANTILE = 0.95;

/**
 * Turns a series group into the signals an SRE would look at: a latency quantile from histogram
 * buckets, request rate plus error and throttle ratios from a request counter with an outcome label,
 * a per-second rate for other counters, and the worst pod for gauges.
 */
export async function readSignals(
  metrics: MetricsSource,
  group: SeriesGroup,
  range: TimeRange,
  signal: AbortSignal,
): Promise<SignalSeries[]> {
  const base = {
    service: group.service,
    metric: group.name,
    isNode: group.isNode,
    viaCallers: group.viaCallers,
  };
  if (group.isBucket) {
    const query = `histogram_quantile(${LATENCY_QUANTILE}, sum by (le) (rate(${group.selector}[${RATE_WINDOW}])))`;
    const series = await metrics.queryRange(query, range, signal);
    return one(series, { ...base, signal: "latency", worseWhen: "up", query });
  }
  if (group.isAverage) {
    const count = group.selector.replace(
      `__name__="${group.name}"`,
      `__name__="${group.name.slice(0, -4)}_count"`,
    );
    const query = `sum(rate(${group.selector}[${RATE_WINDOW}])) / sum(rate(${count}[${RATE_WINDOW}]))`;
    return one(await metrics.queryRange(query, range, signal), {
      ...base,
      signal: "latency",
      worseWhen: "up",
      query,
    });
  }
  if (group.isCounter && group.outcomeLabel && ["requests", "errors"].includes(group.signal)) {
    const label = group.outcomeLabel;
    const query = `sum by (${label}) (rate(${group.selector}[${RATE_WINDOW}]))`;
    const byOutcome = await metrics.queryRange(query, range, signal);
    // A DNS server's failed answers are DNS failures, not a service's errors.
    const errorSignal = group.signal === "dns" ? "dns" : "errors";
    return outcomeSignals(byOutcome, label, group.selector, errorSignal, { ...base, query });
  }
  if (group.isCounter) {
    const query = `sum(rate(${group.selector}[${RATE_WINDOW}]))`;
    const meta = { ...base, signal: group.signal, worseWhen: group.worseWhen, query };
    return one(await metrics.queryRange(query, range, signal), meta);
  }
  // The worst pod: the highest for signals that hurt when they rise, the lowest for those that
  // hurt when they fall (free disk, availability); totals for traffic.
  const aggregation = ["requests", "network"].includes(group.signal)
    ? "sum"
    : group.worseWhen === "down"
      ? "min"
      : "max";
  const query = `${aggregation}(${group.selector})`;
  const meta = { ...base, signal: group.signal, worseWhen: group.worseWhen, query };
  return one(await metrics.queryRange(query, range, signal), meta);
}

function one(series: Series[], meta: Omit<SignalSeries, "points">): SignalSeries[] {
  const first = series[0];
  return first && first.values.length > 0 ? [{ ...meta, points: first.values }] : [];
}

/**
 * Request rate, error ratio and throttled ratio from one `sum by (outcome)` query. Each ratio's
 * evidence carries the equivalent PromQL, so a human can paste it into Prometheus.
 */
function outcomeSignals(
  byOutcome: Series[],
  label: string,
  selector: string,
  errorSignal: string,
  meta: Omit<SignalSeries, "points" | "signal" | "worseWhen">,
): SignalSeries[] {
  const values = byOutcome.map((series) => series.metric[label] ?? "");
  const ratioQuery = (picked: string[]) =>
    `sum(rate(${withMatcher(selector, label, picked)}[${RATE_WINDOW}])) / sum(rate(${selector}[${RATE_WINDOW}]))`;
  const totals = new Map<number, { all: number; errors: number; throttled: number }>();
  for (const series of byOutcome) {
    const value = series.metric[label] ?? "";
    const error = isErrorOutcome(label, value);
    const throttled = isThrottledOutcome(label, value);
    for (const [time, rate] of series.values) {
      const cell = totals.get(time) ?? { all: 0, errors: 0, throttled: 0 };
      cell.all += rate;
      if (error) cell.errors += rate;
      if (throttled) cell.throttled += rate;
      totals.set(time, cell);
    }
  }
  const times = [...totals.keys()].sort((a, b) => a - b);
  if (times.length === 0) return [];
  const cells = times.map((time) => [time, totals.get(time)!] as const);
  const ratio = (pick: (cell: { all: number; errors: number; throttled: number }) => number): Point[] =>
    cells.map(([time, cell]) => [time, cell.all > 0 ? pick(cell) / cell.all : 0]);
  const signals: SignalSeries[] = [
    { ...meta, signal: "requests", worseWhen: "both", points: cells.map(([time, cell]) => [time, cell.all]) },
  ];
  const errorValues = values.filter((value) => isErrorOutcome(label, value));
  if (errorValues.length > 0) {
    signals.push({
      ...meta,
      signal: errorSignal,
      worseWhen: "up",
      query: ratioQuery(errorValues),
      points: ratio((cell) => cell.errors),
    });
  }
  const throttledValues = values.filter((value) => isThrottledOutcome(label, value));
  if (throttledValues.length > 0) {
    const points = ratio((cell) => cell.throttled);
    signals.push({
      ...meta,
      signal: "throttled",
      worseWhen: "up",
      query: ratioQuery(throttledValues),
      points,
    });
  }
  return signals;
}

function withMatcher(selector: string, label: string, values: string[]): string {
  const pattern = [...new Set(values)].map(regexLiteral).join("|");
  return `${selector.slice(0, -1)}, ${label}=~"${pattern}"}`;
}
