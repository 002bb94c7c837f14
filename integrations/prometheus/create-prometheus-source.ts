import type { Labels, MetricsSource, Series } from "../../src/ports/metrics-source.ts";
import { SourceUnavailableError } from "../../src/ports/source-errors.ts";
import type { TimeRange } from "../../src/ports/time-range.ts";
import { mapLabelSets, mapPrometheusMatrix } from "./map-prometheus-matrix.ts";
import { createPrometheusHttpClient, type PrometheusHttpOptions } from "./prometheus-http-client.ts";

export type PrometheusSourceOptions = PrometheusHttpOptions;

/** The metrics port over a real Prometheus, plus label discovery for setup and diagnostics. */
export interface PrometheusSource extends MetricsSource {
  /** Label names (`/api/v1/labels`), optionally only those of series matching the selectors. */
  labels(
    matchers?: string[],
    range?: Omit<TimeRange, "stepSeconds">,
    signal?: AbortSignal,
  ): Promise<string[]>;
  /** Where it reads, credentials removed. */
  readonly endpoint: string;
}

/**
 * `MetricsSource` over the Prometheus HTTP API (also Thanos, Mimir, VictoriaMetrics and other
 * servers that speak it). Errors follow the port: see `createPrometheusHttpClient`.
 */
export function createPrometheusSource(options: PrometheusSourceOptions): PrometheusSource {
  const client = createPrometheusHttpClient(options);
  const unexpected = (path: string) =>
    new SourceUnavailableError(
      "metrics",
      `Prometheus at ${client.endpoint} answered ${path} in an unknown shape`,
    );

  return {
    endpoint: client.endpoint,

    async queryRange(query: string, range: TimeRange, signal?: AbortSignal): Promise<Series[]> {
      const form = new URLSearchParams({
        query,
        start: String(range.start),
        end: String(range.end),
        step: String(range.stepSeconds),
      });
      const series = mapPrometheusMatrix(await client.post("query_range", form, signal));
      if (!series) throw unexpected("query_range");
      return series;
    },

    async series(
      matchers: string[],
      range: Omit<TimeRange, "stepSeconds">,
      signal?: AbortSignal,
    ): Promise<Labels[]> {
      const form = withMatchers(matchers, range);
      const labelSets = mapLabelSets(await client.post("series", form, signal));
      if (!labelSets) throw unexpected("series");
      return labelSets;
    },

    async labels(matchers = [], range, signal): Promise<string[]> {
      const data = await client.post("labels", withMatchers(matchers, range), signal);
      if (!Array.isArray(data) || !data.every((name) => typeof name === "string")) throw unexpected("labels");
      return data;
    },
  };
}

function withMatchers(matchers: string[], range?: Omit<TimeRange, "stepSeconds">): URLSearchParams {
  const form = new URLSearchParams();
  for (const matcher of matchers) form.append("match[]", matcher);
  if (range) {
    form.set("start", String(range.start));
    form.set("end", String(range.end));
  }
  return form;
}
