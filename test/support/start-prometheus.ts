import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Labels } from "../../src/ports/metrics-source.ts";
import { findFreePort } from "../../src/store/find-free-port.ts";
import { startReadyBinary } from "./start-ready-binary.ts";

export const PROMETHEUS_BINARY = "/usr/bin/prometheus";
export const PROMTOOL_BINARY = "/usr/bin/promtool";

/** Recorded series in `query_range` matrix form, as replay cases and contract fixtures hold them. */
export interface RecordedSeries {
  metric: Labels;
  values: ReadonlyArray<readonly [number, string]>;
}

export interface RunningPrometheus {
  url: string;
  /** Seconds spent writing OpenMetrics, backfilling and starting, for the test's report. */
  startSeconds: number;
  stop(): Promise<void>;
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/**
 * Debian's real Prometheus serving exactly the given series: they are written as OpenMetrics,
 * backfilled into a fresh TSDB with `promtool tsdb create-blocks-from openmetrics`, and served by a
 * `prometheus` that scrapes nothing. Backfilled blocks may be years old; time retention is counted
 * back from the newest block, and set long anyway.
 */
export async function startPrometheus({
  series,
}: {
  series: readonly RecordedSeries[];
}): Promise<RunningPrometheus> {
  for (const binary of [PROMETHEUS_BINARY, PROMTOOL_BINARY]) {
    if (!existsSync(binary)) {
      throw new Error(
        `${binary} is missing: install Debian's prometheus (apt-get install -y prometheus; .ci/run does this)`,
      );
    }
  }
  const started = performance.now();
  const dir = await mkdtemp(join(tmpdir(), "vigil-prometheus-"));
  try {
    await writeFile(join(dir, "metrics.om"), toOpenMetrics(series));
    await promisify(execFile)(PROMTOOL_BINARY, [
      "tsdb",
      "create-blocks-from",
      "openmetrics",
      "--quiet",
      join(dir, "metrics.om"),
      join(dir, "data"),
    ]).catch((error: { stderr?: string; message: string }) => {
      throw new Error(`promtool could not backfill the series: ${error.stderr || error.message}`);
    });
    await writeFile(join(dir, "prometheus.yml"), "global: {}\n");
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  const port = await findFreePort();
  const { url, stop } = await startReadyBinary({
    name: "Prometheus",
    binary: PROMETHEUS_BINARY,
    args: [
      `--config.file=${join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${join(dir, "data")}`,
      "--storage.tsdb.retention.time=100y",
      `--web.listen-address=127.0.0.1:${port}`,
      "--log.level=warn",
    ],
    port,
    dir,
    readyAttempts: 300,
  });
  return { url, startSeconds: (performance.now() - started) / 1000, stop };
}

/** The series as one OpenMetrics exposition: families together, each series' samples in time order. */
export function toOpenMetrics(series: readonly RecordedSeries[]): string {
  const byName = new Map<string, string[]>();
  for (const item of series) {
    const name = item.metric.__name__;
    if (!name || !METRIC_NAME.test(name))
      throw new Error(`not a Prometheus metric name: ${JSON.stringify(name)}`);
    const labels = Object.entries(item.metric)
      .filter(([key]) => key !== "__name__")
      .map(([key, value]) => {
        if (!LABEL_NAME.test(key)) throw new Error(`not a Prometheus label name: ${JSON.stringify(key)}`);
        return `${key}="${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
      })
      .join(",");
    // One sample per timestamp: the last one recorded wins, as a scrape would overwrite it.
    const samples = new Map<number, string>();
    for (const [time, value] of item.values) samples.set(time, formatValue(value));
    const lines = [...samples]
      .sort(([a], [b]) => a - b)
      .map(([time, value]) => `${name}{${labels}} ${value} ${time}`);
    const family = byName.get(name);
    if (family) family.push(...lines);
    else byName.set(name, lines);
  }
  const names = [...byName.keys()].sort();
  return `${names.flatMap((name) => byName.get(name) ?? []).join("\n")}\n# EOF\n`;
}

function formatValue(text: string): string {
  const lower = text.trim().toLowerCase();
  if (lower === "nan") return "NaN";
  if (lower === "+inf" || lower === "inf") return "+Inf";
  if (lower === "-inf") return "-Inf";
  const value = Number(text);
  if (Number.isNaN(value)) throw new Error(`not a sample value: ${JSON.stringify(text)}`);
  return String(value);
}
