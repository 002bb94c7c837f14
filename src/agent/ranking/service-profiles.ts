import type { InvestigatorResult, ServiceAnomaly } from "../../domain/evidence.ts";

/** How abnormal one service (or node, or external dependency) looks across every investigator. */
export interface ServiceProfile {
  service: string;
  /** 0..1. */
  anomaly: number;
  /** Unix seconds: when its strongest signals began, when known. */
  onset?: number;
  signals: string[];
  /** More requests began arriving: the service is under more load than before. */
  loadRose: boolean;
  evidenceIds: string[];
}

const STRONG = 0.5;
/** More requests arriving is load, not a fault: it counts for little unless other signals agree. */
const LOAD_SIGNAL_WEIGHT = 0.4;
const SIGNAL_WEIGHTS = [1, 0.25, 0.1];

/**
 * Folds every anomaly into one profile per service: the strongest signal counts most and each
 * further signal that agrees adds a little, so three moving signals beat one of the same size.
 */
export function serviceProfiles(results: InvestigatorResult[]): Map<string, ServiceProfile> {
  const byService = new Map<string, ServiceAnomaly[]>();
  for (const anomaly of results.flatMap((result) => result.anomalies)) {
    const list = byService.get(anomaly.service) ?? [];
    list.push(
      anomaly.signal === "requests" ? { ...anomaly, score: anomaly.score * LOAD_SIGNAL_WEIGHT } : anomaly,
    );
    byService.set(anomaly.service, list);
  }
  const profiles = new Map<string, ServiceProfile>();
  for (const [service, anomalies] of byService) {
    const bySignal = new Map<string, ServiceAnomaly>();
    for (const anomaly of anomalies) {
      const known = bySignal.get(anomaly.signal);
      if (!known || anomaly.score > known.score) bySignal.set(anomaly.signal, anomaly);
    }
    const ranked = [...bySignal.values()].sort((a, b) => b.score - a.score);
    const anomaly = Math.min(
      1,
      ranked.reduce((sum, item, index) => sum + item.score * (SIGNAL_WEIGHTS[index] ?? 0), 0),
    );
    const strong = ranked.filter((item) => item.score >= STRONG && item.onset !== undefined);
    const timed = strong.length > 0 ? strong : ranked.filter((item) => item.onset !== undefined);
    const onset = timed.length > 0 ? Math.min(...timed.map((item) => item.onset!)) : undefined;
    profiles.set(service, {
      service,
      anomaly,
      ...(onset !== undefined ? { onset } : {}),
      signals: ranked.map((item) => item.signal),
      loadRose: anomalies.some(
        (item) =>
          item.signal === "requests" && item.direction === "up" && item.score >= STRONG * LOAD_SIGNAL_WEIGHT,
      ),
      evidenceIds: ranked.slice(0, 4).flatMap((item) => item.evidenceIds),
    });
  }
  return profiles;
}
