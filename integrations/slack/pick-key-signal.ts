import type { Evidence } from "../../src/domain/evidence.ts";
import type { RcaDocument } from "../../src/domain/rca.ts";

/** The one series a person should look at first, with the moments that explain it. */
export interface KeySignal {
  title: string;
  /** [unix seconds, value], ascending. */
  points: Array<[number, number]>;
  /** Unix seconds when the symptoms began, when known. */
  onset: number | null;
  /** The suspect change, when the top hypothesis names one that the RCA carries. */
  change: { at: number; label: string } | null;
  evidenceId: string;
}

/**
 * The key signal of an RCA: the first metric evidence the top hypothesis cites; failing that, a
 * metric evidence about the top service; failing that, the first metric evidence at all.
 */
export function pickKeySignal(rca: RcaDocument): KeySignal | null {
  const metrics = rca.evidence.filter((item) => item.source === "metrics" && pointsOf(item.data).length >= 2);
  const top = rca.top;
  const cited = top === null ? [] : top.evidenceIds.flatMap((id) => metrics.filter((item) => item.id === id));
  const ofService = top === null ? [] : metrics.filter((item) => serviceOf(item.data) === top.service);
  const chosen = cited[0] ?? ofService[0] ?? metrics[0];
  if (chosen === undefined) return null;
  const onset = top?.onset ?? numberField(chosen.data, "onset") ?? secondsOf(rca.window.onset);
  return {
    title: titleOf(chosen),
    points: pointsOf(chosen.data),
    onset: onset ?? null,
    change: top?.changeId === undefined ? null : changeOf(rca.evidence, top.changeId),
    evidenceId: chosen.id,
  };
}

function changeOf(evidence: Evidence[], changeId: string): KeySignal["change"] {
  for (const item of evidence) {
    if (item.source !== "changes" || !isRecord(item.data) || item.data.id !== changeId) continue;
    const at = secondsOf(typeof item.data.at === "string" ? item.data.at : null);
    if (at === null) continue;
    const label = [item.data.kind, item.data.service, item.data.to].filter(
      (part) => typeof part === "string",
    );
    return { at, label: label.length > 0 ? label.join(" ") : changeId };
  }
  return null;
}

function titleOf(item: Evidence): string {
  const service = serviceOf(item.data);
  const signal = isRecord(item.data) && typeof item.data.signal === "string" ? item.data.signal : null;
  if (service !== null && signal !== null) return `${service} ${signal}`;
  return item.query.length > 80 ? `${item.query.slice(0, 79)}…` : item.query;
}

/** Points from the metrics investigator's `{ points }` or from Prometheus-style `{ metric, values }`. */
export function pointsOf(data: unknown): Array<[number, number]> {
  const raw = isRecord(data)
    ? Array.isArray(data.points)
      ? data.points
      : Array.isArray(data.values)
        ? data.values
        : []
    : Array.isArray(data) && isRecord(data[0]) && Array.isArray(data[0].values)
      ? data[0].values
      : [];
  const points: Array<[number, number]> = [];
  for (const pair of raw) {
    if (!Array.isArray(pair) || pair.length < 2) continue;
    const t = Number(pair[0]);
    const v = Number(pair[1]);
    if (Number.isFinite(t) && Number.isFinite(v)) points.push([t, v]);
  }
  return points.sort((a, b) => a[0] - b[0]);
}

function serviceOf(data: unknown): string | null {
  if (!isRecord(data)) return null;
  if (typeof data.service === "string") return data.service;
  return isRecord(data.metric) && typeof data.metric.service === "string" ? data.metric.service : null;
}

function numberField(data: unknown, key: string): number | undefined {
  const value = isRecord(data) ? data[key] : undefined;
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function secondsOf(iso: string | null): number | null {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
