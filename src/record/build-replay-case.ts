import { type ReplayCase, replayCaseSchema } from "../../integrations/replay/replay-case-schema.ts";
import type { DataSources } from "../ports/data-sources.ts";
import { collectChanges, collectKubernetesObjects } from "./collect-recorded-objects.ts";
import { fetchRawLogs } from "./fetch-raw-logs.ts";
import { fetchRawMetrics } from "./fetch-raw-metrics.ts";
import { selectorsOf } from "./metric-selectors.ts";
import type { RecordedCalls, RecordedSourceKey } from "./recorded-calls.ts";
import { RecordingError } from "./recording-error.ts";

export interface BuildReplayCaseInput {
  calls: RecordedCalls;
  /** The sources the investigation read, unwrapped: the raw data is fetched from them. */
  sources: DataSources;
  alert: { source: "alertmanager" | "pagerduty"; payload: Record<string, unknown> };
  /** The replay clock: when the investigation ran (unix seconds). */
  now: number;
  /** Data to keep at least (unix seconds); widened to whatever the investigation read. */
  window: { start: number; end: number };
  describe: { id: string; title: string; tags: string[]; notes?: string };
  /** Ground truth: the recorder cannot know it, a person says it. */
  expected: ReplayCase["expected"];
  /** Grid step of the raw metric fetch; as fine as the source's timestamps reproduces them exactly. */
  resolutionSeconds: number;
  logLineLimit: number;
  /** Series a lookup listed that no query read are kept up to this many (see `fetchRawMetrics`). */
  maxListedSeries: number;
  concurrency: number;
  signal?: AbortSignal;
}

/**
 * After the investigation: fetches the raw data every recorded read needs (the series behind each
 * PromQL selector, the log lines of each stream selector, the change history), adds what the reads
 * returned (log answers, cluster objects, topology), and writes it all as a `replay-case/v1` case.
 * A source that never answered is left out, which a replay treats as a source that is down.
 */
export async function buildReplayCase(
  input: BuildReplayCaseInput,
): Promise<{ replayCase: ReplayCase; warnings: string[] }> {
  const { calls } = input;
  const health = Object.entries(calls.health);
  if (!health.some(([, source]) => source.answered > 0)) {
    const reasons = health.map(([key, source]) => `${key}: ${source.lastError ?? "never asked"}`);
    throw new RecordingError(`no source answered, so there is nothing to record (${reasons.join("; ")})`);
  }
  const warnings: string[] = [];
  const range = recordedRange(input, warnings);
  const sources: Record<string, unknown> = {};
  const answered = (key: RecordedSourceKey) => calls.health[key].answered > 0;
  for (const key of ["metrics", "logs", "changes", "kubernetes", "topology"] as const) {
    const { answered: ok, failed, lastError } = calls.health[key];
    if (failed > 0 && ok === 0)
      warnings.push(`${key}: never answered (${lastError}); left out, so it replays as down`);
    else if (failed > 0) warnings.push(`${key}: failed ${failed} of ${failed + ok} reads (${lastError})`);
  }

  if (answered("metrics")) {
    const selectors = new Set<string>();
    for (const { query } of calls.metricQueries) {
      try {
        for (const use of selectorsOf(query)) selectors.add(use.selector);
      } catch (error) {
        warnings.push(`metrics: cannot record the data of ${query}: ${messageOf(error)}`);
      }
    }
    const fetched = await fetchRawMetrics({
      metrics: input.sources.metrics,
      selectors: [...selectors],
      requiredSeries: calls.seriesLookups.flatMap((lookup) => lookup.result),
      range,
      resolutionSeconds: input.resolutionSeconds,
      maxListedSeries: input.maxListedSeries,
      concurrency: input.concurrency,
      ...(input.signal ? { signal: input.signal } : {}),
    });
    warnings.push(...fetched.warnings);
    if (fetched.allFailed) warnings.push("metrics: left out, so it replays as down");
    else sources.metrics = fetched.series;
  }
  if (answered("logs")) {
    const fetched = await fetchRawLogs({
      logs: input.sources.logs,
      queries: calls.logQueries,
      range,
      lineLimit: input.logLineLimit,
      concurrency: input.concurrency,
      ...(input.signal ? { signal: input.signal } : {}),
    });
    warnings.push(...fetched.warnings);
    sources.logs = fetched.streams;
  }
  if (answered("changes")) {
    const lists = calls.changeLists.map((call) => call.result);
    try {
      lists.push(await input.sources.changes.list(range, input.signal));
    } catch (error) {
      warnings.push(`changes: kept only what the investigation read: ${messageOf(error)}`);
    }
    sources.changes = collectChanges(lists);
  }
  if (answered("kubernetes")) sources.kubernetes = collectKubernetesObjects(calls.clusterObjects);
  if (calls.topology !== null) sources.topology = calls.topology;

  const candidate = {
    apiVersion: "replay-case/v1",
    id: input.describe.id,
    title: input.describe.title,
    tags: input.describe.tags,
    now: rfc3339(input.now),
    alert: { source: input.alert.source, payload: input.alert.payload },
    expected: input.expected,
    ...(input.describe.notes ? { notes: input.describe.notes } : {}),
    sources,
  };
  return { replayCase: checkContract(candidate), warnings };
}

/**
 * From the earliest datum any read reached back to (range starts, minus PromQL ranges, lookback and
 * offsets) or the window's start, to `now`. Data after `now` is the future in a replay.
 */
function recordedRange(input: BuildReplayCaseInput, warnings: string[]): { start: number; end: number } {
  const { calls } = input;
  let start = input.window.start;
  let end = input.window.end;
  for (const { query, range } of calls.metricQueries) {
    let uses: ReturnType<typeof selectorsOf> = [];
    try {
      uses = selectorsOf(query);
    } catch {
      // Reported once where its data would be fetched.
    }
    for (const use of uses) {
      start = Math.min(start, range.start - use.offsetSeconds - use.reachSeconds);
      end = Math.max(end, range.end - use.offsetSeconds);
    }
  }
  const others = [
    ...calls.seriesLookups.map((call) => call.range),
    ...calls.logQueries.map((call) => call.range),
    ...calls.changeLists.map((call) => call.range),
  ];
  for (const other of others) {
    start = Math.min(start, other.start);
    end = Math.max(end, other.end);
  }
  if (end > input.now) end = input.now;
  if (start >= end) {
    warnings.push("the window ends before it starts; recorded only the instant at now");
    start = end;
  }
  return { start, end };
}

/** What the recorder writes must load: a failure here is a recorder bug or a bad label from the user. */
function checkContract(candidate: Record<string, unknown>): ReplayCase {
  const parsed = replayCaseSchema.safeParse(candidate);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `$.${issue.path.map(String).join(".")}: ${issue.message}`,
    );
    throw new RecordingError(`the recorded case breaks the replay-case contract: ${problems.join("; ")}`);
  }
  const changeId = parsed.data.expected.rootCause.change;
  const changes = parsed.data.sources.changes;
  if (changeId !== undefined && changes !== undefined && !changes.some((change) => change.id === changeId)) {
    const known = changes.map((change) => change.id).join(", ") || "none";
    throw new RecordingError(
      `the root-cause change "${changeId}" is not among the recorded changes (recorded: ${known})`,
    );
  }
  // The candidate itself is written, byte for byte as built; the parse only vouches for it.
  return candidate as ReplayCase;
}

/** `2024-05-01T12:00:00Z`, with milliseconds only when there are some. */
export function rfc3339(seconds: number): string {
  return new Date(Math.round(seconds * 1000)).toISOString().replace(".000Z", "Z");
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
