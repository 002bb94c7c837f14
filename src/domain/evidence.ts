import type { RootCauseKind } from "./root-cause.ts";

export type EvidenceSource = "metrics" | "logs" | "changes" | "kubernetes" | "topology" | "alert";

/**
 * One piece of data an investigator looked at. `id` is stable for the same query over the same
 * data, so two runs of one replay cite the same ids. `data` is the slice itself (points, lines,
 * an object), small enough to show a human.
 */
export interface Evidence {
  id: string;
  source: EvidenceSource;
  /** The exact query sent to the source (PromQL, LogQL, a list call). */
  query: string;
  range: { start: string; end: string };
  summary: string;
  data: unknown;
}

export type InvestigatorName = "metrics" | "logs" | "changes" | "infra";

/** A suspicion raised by one investigator, backed by evidence ids. */
export interface Finding {
  investigator: InvestigatorName;
  service: string;
  kind: RootCauseKind;
  /** 0..1: how strongly this investigator believes the finding on its own. */
  score: number;
  /** Unix seconds when the signal began, when known. */
  onset?: number;
  /** The signal this is about, e.g. "error-ratio", "CrashLoopBackOff", "deploy". */
  signal: string;
  summary: string;
  evidenceIds: string[];
  /** For change findings: the change id. */
  changeId?: string;
  /** What exactly is at fault inside the service, when known: a flag key, a config key, a node name. */
  subject?: string;
  /** The service whose telemetry raised this finding about another one (a caller blaming a dependency). */
  reportedBy?: string;
}

/** A source that could not be read: listed in the RCA, never a failed incident. */
export interface InvestigationGap {
  investigator: InvestigatorName | "triage";
  source: string;
  reason: "timeout" | "unavailable" | "error";
  message: string;
}

export interface InvestigatorResult {
  investigator: InvestigatorName;
  findings: Finding[];
  evidence: Evidence[];
  gaps: InvestigationGap[];
  /** Per-service anomaly summaries the ranker needs even when no finding was raised. */
  anomalies: ServiceAnomaly[];
  elapsedMs: number;
}

/** How abnormal a service looks on one signal, with onset when detected. */
export interface ServiceAnomaly {
  service: string;
  signal: string;
  score: number;
  /** Which way the signal moved, when it is a series. */
  direction?: "up" | "down";
  onset?: number;
  evidenceIds: string[];
}
