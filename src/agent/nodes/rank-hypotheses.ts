import {
  calibrateConfidence,
  createTopologyIndex,
  rankRootCauses,
  type TopologyIndex,
  workloadOfPod,
} from "../../analysis/index.ts";
import type { Finding } from "../../domain/evidence.ts";
import type { Hypothesis } from "../../domain/rca.ts";
import type { TopologyEdge } from "../../ports/topology-source.ts";
import type { InvestigationScope } from "../investigation-scope.ts";
import { supportFor, walkScoreFor } from "../ranking/adjust-support.ts";
import { type ServiceProfile, serviceProfiles } from "../ranking/service-profiles.ts";
import type { InvestigationStateUpdate, InvestigationStateValue } from "../state.ts";

const WALK_WEIGHT = 0.5;
const STRONG = 0.5;
/** Onsets measured on coarse samples differ by a step or two even for the same event. */
const ONSET_SLACK_SECONDS = 90;
const ONSET_DECAY_SECONDS = 300;
/** Faults page within minutes; a shift this much older than the symptoms is weighed down, gently. */
const ONSET_LEAD_SECONDS = 300;
const ONSET_LEAD_DECAY_SECONDS = 900;
const OFF_PATH = 0.6;
const THROUGH_THE_HOST = new Set(["noisy-neighbor", "node-failure"]);
const BUILDS_UP = new Set(["memory-leak", "connection-pool-exhaustion", "disk-full", "certificate-expiry"]);
const KINDS_PER_SERVICE = 2;
const RANKED = 5;

/**
 * Orders the candidates: a random walk over the call graph from the symptoms toward their
 * dependencies decides which service is the cause (the deepest anomalous one wins over its callers),
 * and the kind's own support decides between kinds. Confidence is calibrated from the winner's score
 * and its margin over the runner-up.
 */
export function rankHypotheses(state: InvestigationStateValue): InvestigationStateUpdate {
  const scope = state.scope!;
  const profiles = serviceProfiles(state.results);
  const findings = state.results.flatMap((result) => result.findings);
  const anomaly = new Map<string, { anomaly: number; onset?: number }>();
  for (const profile of profiles.values()) anomaly.set(profile.service, profile);
  for (const finding of findings) {
    if (finding.investigator === "changes") continue;
    const known = anomaly.get(finding.service);
    if (!known || known.anomaly < finding.score * 0.8) {
      anomaly.set(finding.service, { ...known, anomaly: finding.score * 0.8 });
    }
  }
  const edges = [
    ...scope.topology,
    ...placementEdges(scope, [...anomaly.keys()]),
    ...reportedEdges(findings),
  ];
  const walk = rankRootCauses({
    services: [...anomaly].map(([service, value]) => ({
      service,
      anomaly: value.anomaly,
      ...(value.onset !== undefined ? { onset: value.onset } : {}),
    })),
    edges,
  });
  const best = Math.max(...walk.map((entry) => entry.score), Number.EPSILON);
  const walkScore = new Map(walk.map((entry) => [entry.service, entry.score / best]));

  const topology = createTopologyIndex(edges);
  const changeTimes = new Map(
    findings.flatMap((finding) =>
      finding.changeId && finding.onset !== undefined ? [[finding.changeId, finding.onset] as const] : [],
    ),
  );
  // Only the alerting service and what it depends on: an older anomaly elsewhere is another story.
  const related = scope.focus ? new Set([scope.focus, ...topology.upstreamOf(scope.focus)]) : null;
  // The symptoms' onset: at the alerting service when it has one, else the first related one.
  const focusOnset = scope.focus ? profiles.get(scope.focus)?.onset : undefined;
  const firstOnset =
    focusOnset ??
    earliestOnset([...profiles.values()].filter((profile) => !related || related.has(profile.service)));
  const scored = state.hypotheses
    .map((hypothesis) => {
      const walked = walkScoreFor(hypothesis, walkScore, profiles, topology, changeTimes);
      const support = supportFor(hypothesis, findings, topology);
      const raw =
        (WALK_WEIGHT * walked + (1 - WALK_WEIGHT) * support) *
        timeliness(hypothesis, firstOnset) *
        relevance(hypothesis, scope.focus, topology);
      return { hypothesis, raw };
    })
    .sort((a, b) => b.raw - a.raw);
  const kept: typeof scored = [];
  for (const entry of scored) {
    const sameService = kept.filter((other) => other.hypothesis.service === entry.hypothesis.service).length;
    if (sameService < KINDS_PER_SERVICE) kept.push(entry);
    if (kept.length === RANKED) break;
  }
  const top = kept[0]?.raw ?? 0;
  const runnerUp = kept.find((entry) => entry.hypothesis.service !== kept[0]?.hypothesis.service)?.raw ?? 0;
  const topConfidence = calibrateConfidence(top, top - runnerUp, kept[0]?.hypothesis.evidenceIds.length ?? 0);
  const hypotheses: Hypothesis[] = kept.map((entry, index) => ({
    ...entry.hypothesis,
    // An alternative is never more believable than the hypothesis ranked above it.
    confidence: round(
      index === 0
        ? topConfidence
        : Math.min(topConfidence, calibrateConfidence(entry.raw, 0, entry.hypothesis.evidenceIds.length)),
    ),
    causalChain: causalChain(entry.hypothesis.service, scope.focus, edges),
  }));
  return { hypotheses };
}

/**
 * A cause has to reach the alerting service: be it, something it depends on (directly, through a
 * node it runs on or a dependency its logs name) or one of its callers. A service off that path
 * (a sibling, an unrelated system) can still be anomalous, but it explains this alert less well.
 */
function relevance(hypothesis: Hypothesis, focus: string | null, topology: TopologyIndex): number {
  const service = hypothesis.service;
  // A noisy neighbour or a failing node reaches the alerting service through the host they share.
  if (THROUGH_THE_HOST.has(hypothesis.kind)) return 1;
  if (!focus || service === focus || !topology.services().includes(focus)) return 1;
  if (topology.upstreamOf(focus).includes(service) || topology.downstreamOf(focus).includes(service))
    return 1;
  return OFF_PATH;
}

/** When the first clearly anomalous service's symptoms began. */
function earliestOnset(profiles: ServiceProfile[]): number | undefined {
  const onsets = profiles.flatMap((profile) =>
    profile.anomaly >= STRONG && profile.onset !== undefined ? [profile.onset] : [],
  );
  return onsets.length > 0 ? Math.min(...onsets) : undefined;
}

/**
 * A cause comes shortly before its effects: a hypothesis whose own symptoms began well after the
 * alerting service's is more likely one of its effects, and one that began long before them and
 * did not disturb it then is more likely a separate episode still in the window.
 */
function timeliness(hypothesis: Hypothesis, symptomsOnset: number | undefined): number {
  if (hypothesis.onset === undefined || symptomsOnset === undefined) return 1;
  const delay = hypothesis.onset - symptomsOnset - ONSET_SLACK_SECONDS;
  if (delay > 0) return 1 / (1 + delay / ONSET_DECAY_SECONDS);
  // Long before the symptoms, and they did not follow: an older, separate episode is more likely,
  // unless the cause builds up slowly by nature (a leak fills for a while before anything breaks).
  if (BUILDS_UP.has(hypothesis.kind)) return 1;
  const lead = symptomsOnset - hypothesis.onset - ONSET_LEAD_SECONDS;
  return lead > 0 ? 1 / (1 + lead / ONSET_LEAD_DECAY_SECONDS) : 1;
}

/** A pod's service depends on the node it runs on, so a failing node is reached from its services. */
function placementEdges(scope: InvestigationScope, entities: string[]): TopologyEdge[] {
  const edges = new Map<string, TopologyEdge>();
  for (const [pod, node] of Object.entries(scope.podNodes)) {
    if (!entities.includes(node)) continue;
    const service = workloadOfPod(pod);
    if (service !== node) edges.set(`${service}>${node}`, { from: service, to: node });
  }
  return [...edges.values()];
}

/** A service whose logs blame another depends on it, whether or not the call graph says so (DNS, providers). */
function reportedEdges(findings: Finding[]): TopologyEdge[] {
  return findings.flatMap((finding) =>
    finding.reportedBy && finding.reportedBy !== finding.service
      ? [{ from: finding.reportedBy, to: finding.service }]
      : [],
  );
}

/** From the cause up through its callers to the alerting service, when the call graph connects them. */
function causalChain(cause: string, focus: string | null, edges: TopologyEdge[]): string[] {
  if (!focus || focus === cause) return [cause];
  const previous = new Map<string, string>([[cause, cause]]);
  const queue = [cause];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const edge of edges) {
      if (edge.to !== current || previous.has(edge.from)) continue;
      previous.set(edge.from, current);
      if (edge.from === focus) return walkBack(focus, previous);
      queue.push(edge.from);
    }
  }
  return [cause];
}

function walkBack(focus: string, previous: Map<string, string>): string[] {
  const chain = [focus];
  let current = focus;
  while (previous.get(current) !== current) {
    current = previous.get(current)!;
    chain.unshift(current);
  }
  return chain;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
