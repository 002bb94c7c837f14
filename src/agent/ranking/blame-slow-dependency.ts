import type { TopologyIndex } from "../../analysis/index.ts";
import type { Finding } from "../../domain/evidence.ts";
import type { ServiceProfile } from "./service-profiles.ts";

const AFFECTED = 0.5;
const PASSED_DOWN = 0.95;
const EXPLAINED_SYMPTOM = 0.5;

/**
 * Latency that a service shows without any resource of its own saturating comes from something it
 * waits on. Among its dependencies, one that another, healthy caller also uses is exonerated (that
 * caller would be slow too); when exactly one dependency is left that reports no trouble of its own,
 * the delay is on the way to it: a network-latency finding for that dependency, on the caller's
 * evidence. Returns all findings, the callers' own latency findings weakened to symptoms.
 */
export function blameSlowDependencies(
  findings: Finding[],
  profiles: Map<string, ServiceProfile>,
  topology: TopologyIndex,
): Finding[] {
  const affected = (service: string) => (profiles.get(service)?.anomaly ?? 0) >= AFFECTED;
  const blamed: Finding[] = [];
  const explained = new Set<Finding>();
  for (const finding of findings) {
    if (finding.kind !== "network-latency" || finding.investigator !== "metrics") continue;
    // A dependency that shows trouble of its own already explains the wait.
    if (topology.callees(finding.service).some(affected)) continue;
    const suspects = topology.callees(finding.service).filter((dependency) => {
      if (affected(dependency)) return false;
      const otherCallers = topology.callers(dependency).filter((caller) => caller !== finding.service);
      return !otherCallers.some((caller) => !affected(caller));
    });
    const [suspect] = suspects;
    if (suspects.length !== 1 || !suspect) continue;
    explained.add(finding);
    blamed.push({
      ...finding,
      service: suspect,
      // As strong as the wait its caller sees.
      score: Math.max(finding.score, profiles.get(finding.service)?.anomaly ?? 0) * PASSED_DOWN,
      summary: `${finding.service} waits longer on its calls while ${suspect}, its only dependency not cleared by a healthy caller, reports no trouble itself: the delay is on the way to ${suspect}`,
    });
  }
  // The caller's own latency is now explained by its dependency: it stays, as a symptom.
  const rest = findings.map((finding) =>
    explained.has(finding) ? { ...finding, score: finding.score * EXPLAINED_SYMPTOM } : finding,
  );
  return [...rest, ...blamed];
}
