import { type CallEdge, createTopologyIndex } from "./topology.ts";

export interface ServiceSymptom {
  service: string;
  /** 0..1: how anomalous the service looks (e.g. `anomalyLevel` of its best signal). */
  anomaly: number;
  /** Unix seconds its symptoms began, when known. */
  onset?: number;
}

export interface RankedService {
  service: string;
  /** Share of the walk's mass, weighted by the service's own anomaly; scores sum to 1 (or all 0). */
  score: number;
  reasons: string[];
}

export interface RankOptions {
  /** Chance per step that the walker follows the graph rather than restarting at a symptom. Default 0.85. */
  damping?: number;
  /** Weight of stepping back to an anomalous caller, relative to a callee. Default 0.1 (MonitorRank's ρ). */
  backwardWeight?: number;
  /** Onset difference (seconds) that doubles or halves an edge. Default 120. */
  onsetSeconds?: number;
}

interface Transition {
  to: number;
  weight: number;
}

const clamp01 = (x: number) => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

/**
 * Ranks services as the root cause with a personalised random walk over the call graph, after
 * MonitorRank (Kim et al., SIGMETRICS 2013) and MicroRCA (Wu et al., NOMS 2020). The walker
 * starts at anomalous services, steps to a dependency with probability ∝ its anomaly (more when
 * that dependency's onset came first), steps back to callers only weakly, and stays put in
 * proportion to how much more anomalous a service is than its most anomalous dependency. So mass
 * gathers at the deepest anomalous dependency, the callers being its symptoms, while a healthy
 * dependency attracts nothing and a much calmer one little. The stationary mass, weighted by each
 * service's own anomaly, is the score; services outside the graph rank by anomaly alone.
 */
export function rankRootCauses(
  input: { services: readonly ServiceSymptom[]; edges: readonly CallEdge[] },
  options: RankOptions = {},
): RankedService[] {
  const damping = options.damping ?? 0.85;
  const backward = options.backwardWeight ?? 0.1;
  const onsetScale = options.onsetSeconds ?? 120;
  const topology = createTopologyIndex(input.edges);
  const names = [...new Set([...input.services.map((s) => s.service), ...topology.services()])];
  const index = new Map(names.map((name, i) => [name, i]));
  const symptom = new Map(input.services.map((s) => [s.service, s]));
  const anomaly = names.map((name) => clamp01(symptom.get(name)?.anomaly ?? 0));
  const onset = names.map((name) => symptom.get(name)?.onset);
  // A dependency whose symptoms began shortly before the caller's is likelier the cause (up to
  // ×1.5); one that began after is less likely (down to ×0.25). A much earlier onset is an older,
  // separate story, so the boost fades again beyond a few onset scales.
  const onsetFactor = (from: number, to: number) => {
    const a = onset[from];
    const b = onset[to];
    if (a === undefined || b === undefined) return 1;
    const lead = a - b;
    if (lead <= 0) return Math.max(0.25, 2 ** (lead / onsetScale));
    if (lead <= onsetScale) return 1 + 0.5 * (lead / onsetScale);
    return Math.max(0.25, 1.5 * Math.exp(-(lead - onsetScale) / (4 * onsetScale)));
  };

  const transitions: Transition[][] = names.map((name, i) => {
    const out: Transition[] = [];
    const callees = topology.callees(name).map((callee) => index.get(callee)!);
    for (const callee of callees) {
      // A dependency much calmer than its caller explains only part of the caller's symptoms.
      const explains = anomaly[i]! > 0 ? Math.min(1, anomaly[callee]! / anomaly[i]!) : 1;
      out.push({ to: callee, weight: anomaly[callee]! * explains * onsetFactor(i, callee) });
    }
    for (const caller of topology.callers(name).map((c) => index.get(c)!)) {
      out.push({ to: caller, weight: backward * anomaly[caller]! });
    }
    const deepest = Math.max(0, ...callees.map((callee) => anomaly[callee]!));
    out.push({ to: i, weight: Math.max(0, anomaly[i]! - deepest) });
    const total = out.reduce((sum, t) => sum + t.weight, 0);
    return total > 0 ? out.map((t) => ({ to: t.to, weight: t.weight / total })) : [];
  });

  const anomalyTotal = anomaly.reduce((sum, a) => sum + a, 0);
  if (anomalyTotal === 0)
    return input.services.map((s) => ({ service: s.service, score: 0, reasons: ["no anomaly"] }));
  const restart = anomaly.map((a) => a / anomalyTotal);
  let mass = [...restart];
  for (let iteration = 0; iteration < 200; iteration++) {
    const next = restart.map((r) => (1 - damping) * r);
    mass.forEach((m, from) => {
      const out = transitions[from]!;
      // A service with nowhere to go hands its mass back to the restart distribution.
      if (out.length === 0) {
        for (const [to, r] of restart.entries()) next[to]! += damping * m * r;
      }
      for (const t of out) next[t.to]! += damping * m * t.weight;
    });
    const change = next.reduce((sum, x, i) => sum + Math.abs(x - mass[i]!), 0);
    mass = next;
    if (change < 1e-10) break;
  }

  const raw = input.services.map((s) => mass[index.get(s.service)!]! * anomaly[index.get(s.service)!]!);
  const rawTotal = raw.reduce((sum, x) => sum + x, 0);
  return input.services
    .map((s, k) => ({
      service: s.service,
      score: rawTotal > 0 ? raw[k]! / rawTotal : 0,
      reasons: reasonsFor(s.service, anomaly, onset, index, topology),
    }))
    .sort((a, b) => b.score - a.score || a.service.localeCompare(b.service));
}

function reasonsFor(
  service: string,
  anomaly: readonly number[],
  onset: ReadonlyArray<number | undefined>,
  index: ReadonlyMap<string, number>,
  topology: ReturnType<typeof createTopologyIndex>,
): string[] {
  const i = index.get(service)!;
  const reasons = [`anomaly ${anomaly[i]!.toFixed(2)}`];
  const sick = (name: string) => anomaly[index.get(name)!]! > 0;
  const symptoms = topology.downstreamOf(service).filter(sick);
  if (symptoms.length > 0) reasons.push(`anomalous callers depend on it: ${symptoms.join(", ")}`);
  const deeper = topology.upstreamOf(service).filter(sick);
  if (anomaly[i]! > 0 && topology.callees(service).length > 0 && deeper.length === 0) {
    reasons.push("none of its dependencies is anomalous");
  }
  if (deeper.length > 0) reasons.push(`anomalous dependencies: ${deeper.join(", ")}`);
  const own = onset[i];
  const started = (names: readonly string[]) =>
    names.map((name) => onset[index.get(name)!]).filter((value): value is number => value !== undefined);
  const callerStarts = started(symptoms);
  if (own !== undefined && callerStarts.length > 0 && own <= Math.min(...callerStarts)) {
    reasons.push("its onset came no later than its callers'");
  }
  return reasons;
}
