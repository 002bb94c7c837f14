import type { TopologyIndex } from "../../analysis/index.ts";
import type { Finding } from "../../domain/evidence.ts";
import type { ServiceProfile } from "./service-profiles.ts";

/** Causes a service reports about what it calls: the peer's certificate, the provider, its limits. */
const ABOUT_A_DEPENDENCY = new Set(["certificate-expiry", "dependency-failure", "rate-limited"]);
const AFFECTED = 0.5;
const PASSED_DOWN = 0.8;

/**
 * A service that logs an expired certificate or a failing or throttling dependency without naming
 * it is talking about one of the services it calls. Each of its dependencies that is itself in
 * trouble gets the same finding, reported by the caller.
 */
export function blameReportedDependencies(
  findings: Finding[],
  profiles: Map<string, ServiceProfile>,
  topology: TopologyIndex,
): Finding[] {
  const blamed: Finding[] = [];
  for (const finding of findings) {
    if (finding.investigator !== "logs" || finding.reportedBy || !ABOUT_A_DEPENDENCY.has(finding.kind))
      continue;
    const named = findings.some(
      (other) => other.reportedBy === finding.service && other.kind === finding.kind && other !== finding,
    );
    if (named) continue;
    for (const dependency of topology.callees(finding.service)) {
      if ((profiles.get(dependency)?.anomaly ?? 0) < AFFECTED) continue;
      blamed.push({
        ...finding,
        service: dependency,
        score: finding.score * PASSED_DOWN,
        reportedBy: finding.service,
        summary: `${finding.service} reports ${finding.kind} on its calls, and ${dependency}, which it calls, is in trouble: ${finding.summary}`,
      });
    }
  }
  return [...findings, ...blamed];
}
