import { parseSeriesSelector } from "../../integrations/replay/promql/parse-promql.ts";
import { mapLimit } from "../agent/investigators/map-limit.ts";
import type { Labels, MetricsSource, Series } from "../ports/metrics-source.ts";
import { renderSelector } from "./metric-selectors.ts";
import { createSeriesCollector, type MatrixSeries, seriesKey } from "./series-collector.ts";

/** Prometheus refuses more points per series than 11,000; stay clear of it. */
const MAX_POINTS_PER_QUERY = 10_000;

export interface FetchRawMetricsInput {
  metrics: MetricsSource;
  /** Brace selectors whose series to fetch whole. */
  selectors: string[];
  /** Label sets a series lookup returned that must be in the case too, whichever selector finds them. */
  requiredSeries: Labels[];
  /**
   * Listed series no query read are fetched only up to this many: a large Prometheus lists far more
   * than an incident touches, and fetching them all would make the case huge.
   */
  maxListedSeries: number;
  range: { start: number; end: number };
  resolutionSeconds: number;
  concurrency: number;
  signal?: AbortSignal;
}

export interface RawMetrics {
  series: MatrixSeries[];
  warnings: string[];
  /** Every read failed: the series are no picture of the source, only of its outage. */
  allFailed: boolean;
}

/**
 * The raw samples behind every selector, so that a replay evaluates rate(), increase() and the rest
 * on the same samples the live source used. Each selector is read as `last_over_time(sel[step])`
 * on a grid ending at the range's end: every sample lands on the first grid time at or after it,
 * once, and a series that stopped is not stretched by the 5-minute lookback as a bare selector
 * would be. With a step as fine as the source's timestamps the samples come back exactly.
 */
export async function fetchRawMetrics(input: FetchRawMetricsInput): Promise<RawMetrics> {
  const collector = createSeriesCollector();
  const warnings: string[] = [];
  const failures: string[] = [];
  let reads = 0;
  const window = await windowFor(input);
  const read = async (selector: string): Promise<Series[]> => {
    reads += 1;
    try {
      return await readWhole(input, selector, window);
    } catch (error) {
      failures.push(`${selector}: ${messageOf(error)}`);
      return [];
    }
  };
  const result = (): RawMetrics => {
    // A source that went down mid-fetch would fail every selector: one line says so, not hundreds.
    if (failures.length > 0)
      warnings.unshift(`metrics: could not fetch ${failures.length} of ${reads} selectors (${failures[0]})`);
    return { series: collector.toMatrix(), warnings, allFailed: reads > 0 && failures.length === reads };
  };
  for (const answer of await mapLimit(input.selectors, input.concurrency, read)) {
    for (const series of answer) collector.add(series);
  }

  // Series a lookup listed but no query read (a histogram's _count beside its buckets, series with
  // no service): the replayed lookup must list them too, so fetch them by metric name.
  const missing = uniqueSeries(input.requiredSeries.filter((labels) => !collector.has(labels)));
  if (missing.length > input.maxListedSeries) {
    warnings.push(
      `metrics: a series lookup listed ${missing.length} series no query read (more than ${input.maxListedSeries}); left them out, so the replayed lookup lists only the series the queries read`,
    );
    return result();
  }
  const missingKeys = new Set(missing.map(seriesKey));
  const names = [...new Set(missing.map((labels) => labels.__name__).filter((name) => name !== undefined))];
  const byName = await mapLimit(names, input.concurrency, (name) =>
    read(renderSelector([{ name: "__name__", op: "=", value: name }])),
  );
  for (const series of byName.flat()) {
    if (missingKeys.has(seriesKey(series.metric))) collector.add(series);
  }
  const absent = missing.filter((labels) => !collector.has(labels)).length;
  if (absent > 0) warnings.push(`metrics: ${absent} listed series had no samples to fetch`);
  return result();
}

/**
 * The range that puts each sample in exactly one grid window. Prometheus 3 and the replay take
 * `(t - r, t]`, so r = step. Prometheus 2 takes `[t - r, t]`: with r = step a sample on a grid time
 * would come back twice, so r = step - 1 ms (its timestamps are whole milliseconds). Which one the
 * source is tells a data-free probe: a 2 s subquery at 1 s steps holds 3 points when closed on the
 * left, 2 when open. A source that refuses subqueries (the replay) is taken as left-open.
 */
async function windowFor(input: FetchRawMetricsInput): Promise<string> {
  const step = input.resolutionSeconds;
  const at = Math.floor(input.range.end);
  try {
    const probe = await input.metrics.queryRange(
      "count_over_time(vector(1)[2s:1s])",
      { start: at, end: at, stepSeconds: 1 },
      input.signal,
    );
    if (probe[0]?.values[0]?.[1] === 3 && step > 0.001) return durationText(step - 0.001);
  } catch {
    // Not every source evaluates subqueries; those that do not are read as left-open.
  }
  return durationText(step);
}

async function readWhole(input: FetchRawMetricsInput, selector: string, window: string): Promise<Series[]> {
  const name = nameOf(selector);
  const step = input.resolutionSeconds;
  const query = `last_over_time(${selector}[${window}])`;
  const { start, end } = input.range;
  const points = Math.ceil((end - start) / step - 1e-9) + 1;
  const out: Series[] = [];
  // Chunks run oldest first; each is a closed range of grid times ending at `end`.
  for (let first = points - 1; first >= 0; first -= MAX_POINTS_PER_QUERY) {
    const last = Math.max(0, first - MAX_POINTS_PER_QUERY + 1);
    const chunk = {
      start: gridTime(end, step, first),
      end: gridTime(end, step, last),
      stepSeconds: step,
    };
    for (const series of await input.metrics.queryRange(query, chunk, input.signal)) {
      // Most sources keep the name through last_over_time, as Prometheus does; restore it where one did not.
      const metric =
        series.metric.__name__ === undefined && name ? { ...series.metric, __name__: name } : series.metric;
      out.push({ metric, values: series.values });
    }
  }
  return out;
}

/** The grid time `back` steps before `end`, rounded to milliseconds like Prometheus timestamps. */
function gridTime(end: number, step: number, back: number): number {
  return Math.round((end - back * step) * 1000) / 1000;
}

function nameOf(selector: string): string | undefined {
  const matcher = parseSeriesSelector(selector).matchers.find(
    (candidate) => candidate.name === "__name__" && candidate.op === "=",
  );
  return matcher?.value;
}

export function durationText(seconds: number): string {
  const milliseconds = Math.round(seconds * 1000);
  return milliseconds % 1000 === 0 ? `${milliseconds / 1000}s` : `${milliseconds}ms`;
}

function uniqueSeries(list: Labels[]): Labels[] {
  return [...new Map(list.map((labels) => [seriesKey(labels), labels])).values()];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
