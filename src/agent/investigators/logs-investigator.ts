import {
  compareTemplateWindows,
  type LogLineInput,
  parseLogLine,
  type TemplateStat,
} from "../../analysis/index.ts";
import type { Evidence, Finding, ServiceAnomaly } from "../../domain/evidence.ts";
import type { LogSource, LogStream } from "../../ports/log-source.ts";
import { evidenceId } from "../evidence-id.ts";
import type { InvestigationScope } from "../investigation-scope.ts";
import { findServiceInText } from "../nodes/find-service-in-text.ts";
import type { Investigator } from "./investigator.ts";
import { mapLimit } from "./map-limit.ts";
import { regexLiteral } from "./query-literals.ts";

/** The incident window starts this long before the alert; earlier lines are the baseline. */
const INCIDENT_LEAD_SECONDS = 10 * 60;
const LINE_BUDGET = 5000;
const MIN_BASELINE_LINES = 30;
const BURST_SCORE = 6;
const SAMPLE_LINES = 5;
/** Causes a service reports about a dependency (the resolver, the provider, the peer's certificate). */
const ABOUT_A_DEPENDENCY = new Set([
  "dns-failure",
  "certificate-expiry",
  "dependency-failure",
  "rate-limited",
]);
const REPORTER_WEIGHT = 0.4;
const RESOLVER = /(^|-)(core-?dns|kube-dns|dns|resolver|unbound|bind)(-|$)/;

interface TimedLine {
  ns: bigint;
  input: LogLineInput;
}

/**
 * Per service: Drain-style templates over a baseline and an incident window, new templates, error
 * bursts and template-rate jumps; the wording of new error templates hints at the kind of fault, and
 * a known service named in them (a callee, a host) is blamed too.
 */
export function createLogsInvestigator(): Investigator {
  return {
    name: "logs",
    async run(scope, sources, signal) {
      const perService = await mapLimit(scope.services, 4, (service) =>
        investigateService(service, scope, sources.logs, signal),
      );
      return {
        findings: perService.flatMap((result) => result.findings),
        evidence: perService.flatMap((result) => result.evidence),
        anomalies: perService.flatMap((result) => result.anomalies),
        gaps: [],
      };
    },
  };
}

async function investigateService(
  service: string,
  scope: InvestigationScope,
  logs: LogSource,
  signal: AbortSignal,
) {
  const empty = { findings: [] as Finding[], evidence: [] as Evidence[], anomalies: [] as ServiceAnomaly[] };
  const range = { start: scope.window.start, end: scope.now };
  let query = "";
  let streams: LogStream[] = [];
  for (const candidate of selectorsFor(service, scope.namespace)) {
    streams = await logs.queryRange(candidate, range, { limit: LINE_BUDGET, direction: "backward" }, signal);
    query = candidate;
    if (streams.length > 0) break;
  }
  const lines = flatten(streams);
  if (lines.length === 0) return empty;

  const split = splitTime(lines, scope.alertStart);
  const baseline = lines.filter((line) => line.ns < split).map((line) => line.input);
  const incident = lines.filter((line) => line.ns >= split).map((line) => line.input);
  const splitSeconds = Number(split / 1_000_000_000n);
  const comparison = compareTemplateWindows(baseline, incident, {
    baselineSeconds: Math.max(
      1,
      splitSeconds - Math.max(scope.window.start, Number(lines[0]!.ns / 1_000_000_000n)),
    ),
    incidentSeconds: Math.max(1, scope.now - splitSeconds),
  });
  const burst = comparison.errorBurst;
  // With a thin baseline "new" means little, unless the errors burst: then they are the burst.
  const trustNew = baseline.length >= MIN_BASELINE_LINES || burst.score >= BURST_SCORE;
  const newErrors = trustNew ? comparison.newTemplates.filter((stat) => stat.isError) : [];
  const jumpingErrors = comparison.jumps.filter((jump) => jump.isError && jump.direction === "up");
  const burstLevel = burst.incidentErrors > 0 ? logistic(burst.score, 4, 1.5) : 0;
  const novelty = newErrors.length > 0 ? Math.min(1, 0.55 + 0.1 * newErrors.length) : 0;
  const level = Math.max(burstLevel, novelty * Math.max(0.6, burstLevel));
  if (level < 0.2) return empty;

  const notable = [...newErrors, ...jumpingErrors].slice(0, SAMPLE_LINES);
  const item: Evidence = {
    id: evidenceId("logs", query, range.start, range.end),
    source: "logs",
    query,
    range: { start: iso(range.start), end: iso(range.end) },
    summary: `${service}: ${burst.incidentErrors} error lines since ${iso(splitSeconds)} against ${burst.baselineErrors} before (burst score ${burst.score.toFixed(1)}); ${newErrors.length} new error template(s)`,
    data: {
      service,
      split: iso(splitSeconds),
      errorBurst: burst,
      templates: notable.map((stat) => ({
        template: stat.template,
        sample: stat.sample,
        level: stat.level,
        baselineCount: stat.baselineCount,
        incidentCount: stat.incidentCount,
      })),
    },
  };
  const onset = firstErrorAfter(lines, split);
  const anomaly: ServiceAnomaly = {
    service,
    signal: "log-errors",
    score: level,
    ...(onset !== undefined ? { onset } : {}),
    evidenceIds: [item.id],
  };
  return {
    findings: causeFindings(service, notable, level, item.id, scope),
    evidence: [item],
    anomalies: [anomaly],
  };
}

function causeFindings(
  service: string,
  notable: TemplateStat[],
  level: number,
  evidence: string,
  scope: InvestigationScope,
): Finding[] {
  const findings: Finding[] = [];
  for (const stat of notable) {
    if (!stat.cause) continue;
    const blamed = blamedService(stat.cause, stat.sample, service, scope.knownServices);
    const base = {
      investigator: "logs" as const,
      kind: stat.cause,
      signal: "log-template",
      evidenceIds: [evidence],
    };
    // A failure the service reports about something it depends on is not its own fault.
    const own = blamed && ABOUT_A_DEPENDENCY.has(stat.cause) ? REPORTER_WEIGHT : 1;
    findings.push({
      ...base,
      service,
      score: 0.75 * level * own,
      summary: `${service} logs: ${stat.template}`,
    });
    if (blamed) {
      findings.push({
        ...base,
        service: blamed,
        score: 0.7 * level,
        reportedBy: service,
        summary: `${service} logs blame ${blamed}: ${stat.template}`,
      });
    }
  }
  return findings;
}

/**
 * Who a log line blames besides the service that wrote it: the dependency it names, except for
 * DNS failures, which are the resolver's (the name that failed to resolve is only the victim).
 */
function blamedService(cause: string, sample: string, service: string, known: string[]): string | null {
  const others = known.filter((name) => name !== service);
  if (cause === "dns-failure") return others.find((name) => RESOLVER.test(name)) ?? null;
  return findServiceInText(sample, others);
}

function selectorsFor(service: string, namespace: string | null): string[] {
  const ns = namespace ? `, namespace="${namespace}"` : "";
  const escaped = regexLiteral(service);
  return [`{service="${service}"${ns}}`, `{app="${service}"${ns}}`, `{pod=~"${escaped}-.+"${ns}}`];
}

function flatten(streams: LogStream[]): TimedLine[] {
  const lines: TimedLine[] = [];
  for (const stream of streams) {
    for (const [ns, line] of stream.values) {
      lines.push({
        ns: BigInt(ns),
        input: stream.stream.level ? { line, level: stream.stream.level } : line,
      });
    }
  }
  return lines.sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : 0));
}

/**
 * Where the baseline ends: a while before the alert, or, when the recording holds only a few minutes
 * of logs (no baseline that far back), at 40% of what there is.
 */
function splitTime(lines: TimedLine[], alertStart: number): bigint {
  const preferred = BigInt(Math.floor(alertStart - INCIDENT_LEAD_SECONDS)) * 1_000_000_000n;
  const before = lines.filter((line) => line.ns < preferred).length;
  if (before >= Math.max(MIN_BASELINE_LINES, lines.length * 0.25)) return preferred;
  return lines[Math.floor(lines.length * 0.4)]!.ns;
}

function firstErrorAfter(lines: TimedLine[], split: bigint): number | undefined {
  const first = lines.find((line) => {
    if (line.ns < split) return false;
    const { input } = line;
    return typeof input === "string"
      ? parseLogLine(input).isError
      : parseLogLine(input.line, input.level).isError;
  });
  return first ? Number(first.ns / 1_000_000_000n) : undefined;
}

function logistic(score: number, center: number, width: number): number {
  return 1 / (1 + Math.exp(-(score - center) / width));
}

function iso(seconds: number): string {
  return new Date(seconds * 1000).toISOString();
}
