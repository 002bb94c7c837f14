import type { RootCauseKind } from "../domain/index.ts";

/** The parts of a change event scoring needs (a `ChangeEvent` from the change port fits). */
export interface ChangeLike {
  kind: string;
  service: string;
  /** Unix seconds or an RFC 3339 time. */
  at: number | string;
}

export interface ChangeContext {
  /** When the symptoms began (unix seconds); without it, closeness is measured to `now`, more leniently. */
  onset?: number;
  now: number;
  /** Services that show symptoms. */
  affectedServices: readonly string[];
  /** A service's dependencies, transitively (`TopologyIndex.upstreamOf`). Omit when no topology is known. */
  upstreamOf?: (service: string) => readonly string[];
  /** A service's callers, transitively (`TopologyIndex.downstreamOf`). */
  downstreamOf?: (service: string) => readonly string[];
  /** How far after the onset a change may be and still count, for onsets measured on coarse samples. Default 120 s. */
  graceSeconds?: number;
}

export type ChangeRelation = "same" | "upstream" | "downstream" | "unrelated";

export interface ChangeScore {
  /** 0..1: time × relation × kind. */
  score: number;
  relation: ChangeRelation;
  /** Seconds from the change to the onset (to `now` without one): > 0 the change came first. */
  lagSeconds: number;
  /** The change came before the symptoms (within the grace period). */
  precedesOnset: boolean;
  reasons: string[];
}

const KIND_WEIGHTS: Record<string, number> = {
  deploy: 1,
  config: 0.9,
  "feature-flag": 0.9,
  migration: 0.9,
  infra: 0.7,
  // Scaling is as often the response to an incident as its cause.
  scale: 0.4,
};
const DEFAULT_KIND_WEIGHT = 0.6;

/** The root-cause kind a change would be if it caused the incident; null for kinds that do not say. */
export function rootCauseKindOfChange(kind: string): RootCauseKind | null {
  switch (kind) {
    case "deploy":
      return "bad-deploy";
    case "config":
      return "config-change";
    case "feature-flag":
      return "feature-flag";
    case "migration":
      return "schema-migration";
    default:
      return null;
  }
}

function toSeconds(at: number | string): number {
  return typeof at === "number" ? at : Date.parse(at) / 1000;
}

/** Plain duration for reasons: "45s", "4 min", "2.5 h". */
export function formatDuration(seconds: number): string {
  const value = Math.abs(seconds);
  if (value < 90) return `${Math.round(value)}s`;
  if (value < 5400) return `${Math.round(value / 60)} min`;
  return `${Math.round(value / 360) / 10} h`;
}

/**
 * How strongly the timing points at the change. Effects of a deploy or a flag flip show within
 * minutes: 1 at the onset, about 0.55 at 15 min before, under 0.2 at an hour (a slow tail, because
 * leaks and full disks take hours); after the onset it falls to ~0 within the grace period.
 */
function timeFactor(lag: number, scale: number, grace: number): number {
  if (lag < 0) return Math.exp(-((-lag / (grace / 2)) ** 2));
  return 0.85 / (1 + (lag / scale) ** 2) + 0.15 * Math.exp(-lag / (6 * 3600));
}

function relationOf(service: string, context: ChangeContext): { relation: ChangeRelation; via?: string } {
  if (context.affectedServices.includes(service)) return { relation: "same" };
  for (const affected of context.affectedServices) {
    if (context.upstreamOf?.(affected).includes(service)) return { relation: "upstream", via: affected };
  }
  for (const affected of context.affectedServices) {
    if (context.downstreamOf?.(affected).includes(service)) return { relation: "downstream", via: affected };
  }
  return { relation: "unrelated" };
}

/**
 * Scores one change as the cause of an incident: closeness before the onset, its relation to
 * the services with symptoms (the same service; upstream, i.e. a dependency of one; downstream,
 * a caller of one; unrelated) and its kind (deploys weigh most, scaling least).
 */
export function scoreChange(change: ChangeLike, context: ChangeContext): ChangeScore {
  const at = toSeconds(change.at);
  const grace = context.graceSeconds ?? 120;
  const reference = context.onset ?? context.now;
  const lag = reference - at;
  const time = Number.isFinite(lag) ? timeFactor(lag, context.onset === undefined ? 1800 : 900, grace) : 0;
  const { relation, via } = relationOf(change.service, context);
  const topologyKnown = context.upstreamOf !== undefined || context.downstreamOf !== undefined;
  const relationWeight = { same: 1, upstream: 0.8, downstream: 0.35, unrelated: topologyKnown ? 0.1 : 0.3 }[
    relation
  ];
  const kindWeight = KIND_WEIGHTS[change.kind] ?? DEFAULT_KIND_WEIGHT;
  const anchor = context.onset === undefined ? "the alert (no onset detected)" : "the onset";
  const reasons = [
    lag >= 0
      ? `${change.kind} ${formatDuration(lag)} before ${anchor}`
      : `${change.kind} ${formatDuration(lag)} after ${anchor}`,
  ];
  if (relation === "same") reasons.push(`${change.service} itself shows symptoms`);
  else if (relation === "upstream")
    reasons.push(`${change.service} is a dependency of ${via}, which shows symptoms`);
  else if (relation === "downstream") reasons.push(`${change.service} calls ${via}, which shows symptoms`);
  else reasons.push(`${change.service} is not linked to the services with symptoms`);
  return {
    score: Math.max(0, Math.min(1, time * relationWeight * kindWeight)),
    relation,
    lagSeconds: lag,
    precedesOnset: lag >= -grace / 2,
    reasons,
  };
}
