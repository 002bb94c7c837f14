import { createTopologyIndex, workloadOfPod } from "../../analysis/index.ts";
import type { Finding } from "../../domain/evidence.ts";
import type { InvestigationScope } from "../investigation-scope.ts";
import type { JudgedSignal } from "./metric-patterns.ts";

const STRONG = 0.5;
const HUNGRY = new Set(["cpu", "cpu-throttle", "memory", "network", "disk", "saturation"]);
const SUFFERING = new Set(["latency", "cpu-throttle", "errors", "availability"]);
/** The neighbour's hunger may start a little after the victim's pain on coarse samples. */
const GRACE_SECONDS = 60;

/**
 * A workload that suddenly eats CPU, memory or I/O on a node, while another workload on the same
 * node that does not depend on it starts to suffer, is a noisy neighbour: the victim's symptoms
 * come from the host they share, not from the call graph.
 */
export function findNoisyNeighbors(
  judged: Map<string, JudgedSignal[]>,
  scope: InvestigationScope,
): Finding[] {
  const nodesOf = new Map<string, Set<string>>();
  for (const [pod, node] of Object.entries(scope.podNodes)) {
    const service = workloadOfPod(pod);
    nodesOf.set(service, (nodesOf.get(service) ?? new Set()).add(node));
  }
  const topology = createTopologyIndex(scope.topology);
  const findings: Finding[] = [];
  for (const [neighbor, signals] of judged) {
    const hunger = signals.filter(
      (signal) => HUNGRY.has(signal.signal) && signal.level >= STRONG && signal.signedScore > 0,
    );
    // A noisy neighbour is busy but fine itself; a workload that suffers too is a victim or the cause.
    const suffers = signals.some(
      (signal) => SUFFERING.has(signal.signal) && signal.signal !== "cpu-throttle" && signal.level >= STRONG,
    );
    // Busier because more requests arrive is load passed along the call graph, not a neighbour's doing.
    const loaded = signals.some(
      (signal) => signal.signal === "requests" && signal.signedScore > 0 && signal.level >= STRONG,
    );
    if (hunger.length === 0 || suffers || loaded) continue;
    const hungerOnset = Math.min(...hunger.map((signal) => signal.onset ?? Number.POSITIVE_INFINITY));
    const nodes = nodesOf.get(neighbor) ?? new Set<string>();
    const victims = [...judged].filter(([service, theirs]) => {
      if (service === neighbor || ![...(nodesOf.get(service) ?? [])].some((node) => nodes.has(node)))
        return false;
      if (topology.upstreamOf(service).includes(neighbor) || topology.upstreamOf(neighbor).includes(service))
        return false;
      return theirs.some(
        (signal) =>
          SUFFERING.has(signal.signal) &&
          signal.level >= STRONG &&
          (signal.onset === undefined || hungerOnset <= signal.onset + GRACE_SECONDS),
      );
    });
    if (victims.length === 0) continue;
    const level = Math.max(...hunger.map((signal) => signal.level));
    const pains = victims.flatMap(([, theirs]) => theirs.filter((signal) => SUFFERING.has(signal.signal)));
    findings.push({
      investigator: "metrics",
      service: neighbor,
      kind: "noisy-neighbor",
      score: 0.8 * level,
      ...(Number.isFinite(hungerOnset) ? { onset: hungerOnset } : {}),
      signal: hunger.map((signal) => signal.signal).join("+"),
      summary: `${neighbor} started using more ${hunger.map((signal) => signal.signal).join(", ")} on the node it shares with ${victims.map(([service]) => service).join(", ")}, which slowed down without calling it`,
      evidenceIds: [...hunger, ...pains].map((signal) => signal.evidenceId).slice(0, 6),
    });
  }
  return findings;
}
