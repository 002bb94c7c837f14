import type { TopologyIndex } from "../../analysis/index.ts";
import type { Finding } from "../../domain/evidence.ts";
import type { Hypothesis } from "../../domain/rca.ts";
import type { ServiceProfile } from "./service-profiles.ts";

const CHANGE_KINDS = new Set(["bad-deploy", "config-change", "feature-flag", "schema-migration"]);
/** How long after a change a dependency's symptoms may begin and still be laid at the change's door. */
const GRACE_SECONDS = 60;
const PASSED_ON_LOAD = 0.3;

/**
 * The walk over the call graph favours the deepest anomalous service, which is right for faults
 * but wrong for two things that travel the other way:
 * - a change at a service can break its dependencies, by sending them more or heavier work (an
 *   N+1 query flooding the database) or, for a schema migration, by running on them (a lock on a
 *   table), so a change inherits the walk score of such a dependency whose symptoms began after
 *   it; a dependency that merely got slow on its own is not explained by a caller's change;
 * - more traffic at a dependency comes from its callers: a traffic spike there whose callers also
 *   surged, or changed, is passed on, not the cause.
 */
export function walkScoreFor(
  hypothesis: Hypothesis,
  walk: Map<string, number>,
  profiles: Map<string, ServiceProfile>,
  topology: TopologyIndex,
  changeTimes: Map<string, number>,
): number {
  const own = walk.get(hypothesis.service) ?? 0;
  if (!CHANGE_KINDS.has(hypothesis.kind) || !hypothesis.changeId) return own;
  const at = changeTimes.get(hypothesis.changeId);
  if (at === undefined) return own;
  const explained = topology
    .upstreamOf(hypothesis.service)
    .filter((dependency) => {
      const profile = profiles.get(dependency);
      if (!profile || (profile.onset ?? Number.NEGATIVE_INFINITY) < at - GRACE_SECONDS) return false;
      return hypothesis.kind === "schema-migration" || profile.loadRose;
    })
    .map((dependency) => walk.get(dependency) ?? 0);
  return Math.max(own, ...explained);
}

export function supportFor(hypothesis: Hypothesis, findings: Finding[], topology: TopologyIndex): number {
  if (hypothesis.kind !== "traffic-spike") return hypothesis.confidence;
  const callers = new Set(topology.downstreamOf(hypothesis.service));
  const passedOn = findings.some(
    (finding) =>
      callers.has(finding.service) &&
      ((CHANGE_KINDS.has(finding.kind) && finding.score >= 0.3) || finding.kind === "traffic-spike"),
  );
  return passedOn ? hypothesis.confidence * PASSED_ON_LOAD : hypothesis.confidence;
}
