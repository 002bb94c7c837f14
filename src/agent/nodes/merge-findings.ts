import { createTopologyIndex, scoreChange } from "../../analysis/index.ts";
import type { Finding } from "../../domain/evidence.ts";
import type { RuledOut } from "../../domain/rca.ts";
import { blameReportedDependencies } from "../ranking/blame-reported-dependency.ts";
import { blameSlowDependencies } from "../ranking/blame-slow-dependency.ts";
import { candidateHypotheses } from "../ranking/candidate-hypotheses.ts";
import { type ServiceProfile, serviceProfiles } from "../ranking/service-profiles.ts";
import type { InvestigationStateUpdate, InvestigationStateValue } from "../state.ts";

const AFFECTED = 0.5;
/** A change on a service that shows nothing is weighed by this much at most. */
const HEALTHY_SERVICE_WEIGHT = 0.15;
/** A change on a service we have no signals for at all: neither confirmed nor ruled out. */
const UNOBSERVED_SERVICE_WEIGHT = 0.5;

/**
 * Combines what the investigators found: re-scores every change against the onset of the symptoms
 * and whether the changed service itself shows them, rules out changes that cannot explain the
 * incident, and turns the findings into candidate hypotheses per service and kind.
 */
export function mergeFindings(state: InvestigationStateValue): InvestigationStateUpdate {
  const scope = state.scope!;
  const profiles = serviceProfiles(state.results);
  const findings = state.results.flatMap((result) => result.findings);
  const topology = createTopologyIndex(scope.topology);
  const affected = [...profiles.values()]
    .filter((profile) => profile.anomaly >= AFFECTED)
    .map((p) => p.service);
  const symptomsOnset = referenceOnset(profiles, scope.focus, affected);
  const ruledOut: RuledOut[] = [];

  const rescored = findings.map((finding): Finding => {
    if (finding.investigator !== "changes" || finding.onset === undefined) return finding;
    const profile = profiles.get(finding.service);
    const ownOnset = profile && profile.anomaly >= AFFECTED ? profile.onset : undefined;
    const change = { kind: finding.signal, service: finding.service, at: finding.onset };
    const onset = ownOnset ?? symptomsOnset;
    const score = scoreChange(change, {
      ...(onset !== undefined ? { onset } : {}),
      now: scope.now,
      affectedServices: affected,
      upstreamOf: (service) => topology.upstreamOf(service),
      downstreamOf: (service) => topology.downstreamOf(service),
    });
    const weight = healthWeight(profile);
    const rescoredFinding = {
      ...finding,
      score: score.score * weight,
      summary: `${finding.summary}; ${score.reasons.join("; ")}`,
    };
    if (!score.precedesOnset) {
      ruledOut.push(
        ruled(finding, `the ${finding.signal} came after the symptoms began (${score.reasons[0]})`),
      );
    } else if (score.score >= 0.3 && weight < 0.5) {
      ruledOut.push(
        ruled(finding, `${finding.service} shows no symptoms of its own after the ${finding.signal}`),
      );
    }
    return rescoredFinding;
  });

  const withBlame = blameReportedDependencies(
    blameSlowDependencies(rescored, profiles, topology),
    profiles,
    topology,
  );
  return { hypotheses: candidateHypotheses(withBlame, profiles), ruledOut };
}

function healthWeight(profile: ServiceProfile | undefined): number {
  if (!profile) return UNOBSERVED_SERVICE_WEIGHT;
  return Math.min(1, Math.max(HEALTHY_SERVICE_WEIGHT, profile.anomaly / 0.6));
}

/** When the symptoms began: at the alerting service when it has an onset, else the earliest strong one. */
function referenceOnset(profiles: Map<string, ServiceProfile>, focus: string | null, affected: string[]) {
  const focusOnset = focus ? profiles.get(focus)?.onset : undefined;
  if (focusOnset !== undefined) return focusOnset;
  const onsets = affected.flatMap((service) => {
    const onset = profiles.get(service)?.onset;
    return onset === undefined ? [] : [onset];
  });
  return onsets.length > 0 ? Math.min(...onsets) : undefined;
}

function ruled(finding: Finding, reason: string): RuledOut {
  return { service: finding.service, kind: finding.kind, reason, evidenceIds: finding.evidenceIds };
}
