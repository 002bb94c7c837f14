import type { ReplayCase } from "../../integrations/replay/replay-case-schema.ts";
import { defaultInvestigators } from "../agent/create-investigation.ts";
import type { Investigator } from "../agent/investigators/investigator.ts";
import type { Runbook } from "../agent/runbooks/runbook.ts";
import type { RcaDocument } from "../domain/rca.ts";
import { DEFAULT_MITIGATION_POLICY, type MitigationPolicy } from "../mitigation/mitigation-policy.ts";
import { type Clock, fixedClock } from "../ports/clock.ts";
import type { DataSources } from "../ports/data-sources.ts";
import { buildReplayCase } from "./build-replay-case.ts";
import { createRecordingSources } from "./create-recording-sources.ts";
import { type InvestigateInMemoryInput, investigateInMemory } from "./investigate-in-memory.ts";
import { readAlertPayload } from "./read-alert-payload.ts";
import { RecordingError } from "./recording-error.ts";

export interface RecordIncidentInput {
  /** The webhook body as Alertmanager (v4) or PagerDuty (v3) sent it. */
  alertPayload: unknown;
  /** Where the investigation reads: the live sources, or any other `DataSources`. */
  sources: DataSources;
  /** When the incident is investigated: the replay clock of the case. */
  now: Date;
  /** Data to keep at least; widened to whatever the investigation read, cut at `now`. */
  window: { start: Date; end?: Date };
  /** Stamps the RCA; defaults to a clock pinned at `now`. */
  clock?: Clock;
  id: string;
  title?: string;
  tags?: string[];
  notes?: string;
  expected: ReplayCase["expected"];
  runbooks: Runbook[];
  policy?: MitigationPolicy;
  deadlineMs?: number;
  investigators?: Investigator[];
  /**
   * Model-assisted reasoning, when the recording should also hold the follow-up reads a model
   * makes; without it the deterministic investigators' reads are recorded.
   */
  reason?: InvestigateInMemoryInput["reason"];
  /** Grid step of the raw metric fetch (default 1 s: Prometheus timestamps come back to the second). */
  resolutionSeconds?: number;
  /** Most log lines fetched per stream selector beyond what the queries returned (default 5,000). */
  logLineLimit?: number;
  /** Series a lookup listed but no query read, kept up to this many (default 5,000). */
  maxListedSeries?: number;
  /** Reads in flight at once while fetching raw data (default 4). */
  concurrency?: number;
  signal?: AbortSignal;
}

export interface RecordedIncident {
  replayCase: ReplayCase;
  /** The RCA of the recorded investigation: the answer its replay must reproduce. */
  rca: RcaDocument | null;
  /** Things a person should know about the recording (sources down, data that could not be fetched). */
  warnings: string[];
}

/**
 * Turns a real incident into a replay case: runs the deterministic investigation on the alert
 * through recording sources with the clock at `now`, then fetches the raw data behind every read
 * and writes the case with the ground truth a person gave. Throws `RecordingError` for input that
 * cannot make a case (a payload ingest would refuse, truth that names no recorded change).
 */
export async function recordIncident(input: RecordIncidentInput): Promise<RecordedIncident> {
  const read = readAlertPayload(input.alertPayload);
  if (!read.ok) throw new RecordingError(read.message);
  const now = input.now.getTime() / 1000;
  if (!Number.isFinite(now)) throw new RecordingError("now is not a valid time");
  const start = input.window.start.getTime() / 1000;
  const end = input.window.end ? input.window.end.getTime() / 1000 : now;
  if (!(start < now)) throw new RecordingError("the window must start before now");

  const recording = createRecordingSources(input.sources);
  const rca = await investigateInMemory({
    alerts: read.alert.alerts,
    sources: recording.sources,
    clock: fixedClock(input.now),
    stampClock: input.clock ?? fixedClock(input.now),
    runbooks: input.runbooks,
    policy: input.policy ?? DEFAULT_MITIGATION_POLICY,
    deadlineMs: input.deadlineMs ?? 30_000,
    investigators: input.investigators ?? defaultInvestigators(),
    ...(input.reason ? { reason: input.reason } : {}),
  });
  const { replayCase, warnings } = await buildReplayCase({
    calls: recording.calls,
    sources: input.sources,
    alert: { source: read.alert.source, payload: read.alert.payload },
    now,
    window: { start, end: Math.min(end, now) },
    describe: {
      id: input.id,
      title: input.title ?? defaultTitle(read.alert.alerts),
      tags: input.tags ?? ["recorded"],
      ...(input.notes ? { notes: input.notes } : {}),
    },
    expected: input.expected,
    resolutionSeconds: input.resolutionSeconds ?? 1,
    logLineLimit: input.logLineLimit ?? 5000,
    maxListedSeries: input.maxListedSeries ?? 5000,
    concurrency: input.concurrency ?? 4,
    ...(input.signal ? { signal: input.signal } : {}),
  });
  return { replayCase, rca, warnings };
}

function defaultTitle(alerts: ReadonlyArray<{ name: string; summary: string; status: string }>): string {
  const first = alerts.find((alert) => alert.status === "firing") ?? alerts[0];
  if (!first) return "Recorded incident";
  const text = first.summary && first.summary !== first.name ? `${first.name}: ${first.summary}` : first.name;
  return `Recorded: ${text}`.replace(/\s+/g, " ").slice(0, 200);
}
