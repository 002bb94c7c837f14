import type { Finding } from "../../domain/evidence.ts";
import type { Hypothesis } from "../../domain/rca.ts";
import type { RootCauseKind } from "../../domain/root-cause.ts";
import type { ServiceProfile } from "./service-profiles.ts";

const CHANGE_KINDS = new Set<RootCauseKind>([
  "bad-deploy",
  "config-change",
  "feature-flag",
  "schema-migration",
]);
/** Failure mechanisms the cluster names exactly; after a change they say more than "bad deploy". */
const MECHANISMS = new Set<RootCauseKind>(["crash-loop", "image-pull", "oom-kill"]);
const MECHANISM_LEAD = 0.05;
/** A change that lines up with the symptoms explains them better than the symptoms explain themselves. */
const EXPLAINING_CHANGE_BONUS = 0.15;
const AGREEMENT_BONUS = 0.1;
const REPORTER_BONUS = 0.05;
const EXPLAINED_BY_LOAD = 0.6;
const UNEXPLAINED_WEIGHT = 0.35;
const EXPLAINED_ANOMALY = 0.5;
const BELOW_SPECIFIC = 0.9;
const EVIDENCE_PER_HYPOTHESIS = 6;

/**
 * One candidate per (service, kind) that any investigator raised, scored by how strongly the
 * findings support that kind there; anomalous services nobody explained get an `unknown` candidate.
 * `confidence` here is the kind's support only; ranking folds in the topology and the onset.
 */
export function candidateHypotheses(
  findings: Finding[],
  profiles: Map<string, ServiceProfile>,
): Hypothesis[] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = `${finding.service}\u0000${finding.kind}`;
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  const strongestChange = new Map<string, Finding>();
  for (const finding of findings) {
    if (!CHANGE_KINDS.has(finding.kind) || !finding.changeId) continue;
    const known = strongestChange.get(finding.service);
    if (!known || finding.score > known.score) strongestChange.set(finding.service, finding);
  }
  const surged = new Set(
    findings
      .filter((finding) => finding.kind === "traffic-spike" && finding.score >= 0.5)
      .map((f) => f.service),
  );
  const hasMechanism = new Set(
    findings.filter((finding) => MECHANISMS.has(finding.kind)).map((f) => f.service),
  );

  const candidates: Hypothesis[] = [];
  for (const group of groups.values()) {
    const sorted = [...group].sort((a, b) => b.score - a.score);
    const best = sorted[0]!;
    const investigators = new Set(group.map((finding) => finding.investigator)).size;
    const symptomCount = findings.filter(
      (finding) =>
        finding.service === best.service && !CHANGE_KINDS.has(finding.kind) && finding.score >= 0.3,
    ).length;
    // Several services blaming the same dependency agree with each other.
    const reporters = new Set(group.map((finding) => finding.reportedBy ?? finding.service)).size;
    let support =
      best.score + AGREEMENT_BONUS * (investigators - 1) + REPORTER_BONUS * Math.min(3, reporters - 1);
    const explains = CHANGE_KINDS.has(best.kind) && best.score >= 0.4 && symptomCount > 0;
    if (explains && !hasMechanism.has(best.service)) support += EXPLAINING_CHANGE_BONUS;
    // A crash loop, a failed image pull or an OOM right after a change: the mechanism is the
    // answer, and the change it followed is what undoing it means.
    const change = strongestChange.get(best.service);
    const mechanismAfterChange = MECHANISMS.has(best.kind) && change !== undefined && change.score >= 0.3;
    if (mechanismAfterChange)
      support = Math.max(support, change.score + EXPLAINING_CHANGE_BONUS + MECHANISM_LEAD);
    const changeId = best.changeId ?? (mechanismAfterChange ? change.changeId : undefined);
    // A surge of traffic explains the saturation it causes at the same service.
    if (best.kind === "cpu-saturation" && surged.has(best.service)) support *= EXPLAINED_BY_LOAD;
    const profile = profiles.get(best.service);
    candidates.push({
      service: best.service,
      kind: best.kind,
      confidence: Math.min(1, support),
      evidenceIds: citedEvidence(mechanismAfterChange ? [...sorted, change] : sorted, profile),
      explanation: sorted
        .slice(0, 2)
        .map((finding) => finding.summary)
        .join("; "),
      causalChain: [best.service],
      ...(changeId ? { changeId } : {}),
      ...(best.subject ? { subject: best.subject } : {}),
      ...onsetOf(profile, best),
    });
  }
  // Every clearly anomalous service also stands as "something is wrong here, kind undetermined",
  // so that a right service with a wrongly read kind still shows among the alternatives. A service
  // whose own logs blame a dependency has said where its trouble comes from, and is left out.
  const reporters = new Set(findings.flatMap((finding) => (finding.reportedBy ? [finding.reportedBy] : [])));
  for (const profile of profiles.values()) {
    if (reporters.has(profile.service)) continue;
    const specific = candidates.filter((candidate) => candidate.service === profile.service);
    if (profile.anomaly < (specific.length > 0 ? EXPLAINED_ANOMALY : 0.3)) continue;
    // "Slow with no resource to blame" is already the undetermined reading of latency.
    if (specific.length > 0 && specific.every((candidate) => candidate.kind === "network-latency")) continue;
    if (candidates.some((candidate) => candidate.service === profile.service && candidate.kind === "unknown"))
      continue;
    candidates.push({
      service: profile.service,
      kind: "unknown",
      // Never above a specific reading of the same service: "undetermined" is the fallback.
      confidence: Math.min(
        profile.anomaly * UNEXPLAINED_WEIGHT,
        ...specific.map((candidate) => candidate.confidence * BELOW_SPECIFIC),
      ),
      evidenceIds: profile.evidenceIds.slice(0, EVIDENCE_PER_HYPOTHESIS),
      explanation: `${profile.service} is anomalous (${profile.signals.slice(0, 3).join(", ")}) with no more specific explanation`,
      causalChain: [profile.service],
      ...(profile.onset !== undefined ? { onset: profile.onset } : {}),
    });
  }
  return candidates.filter((candidate) => candidate.evidenceIds.length > 0);
}

function citedEvidence(findings: Finding[], profile: ServiceProfile | undefined): string[] {
  const ids = new Set(findings.flatMap((finding) => finding.evidenceIds));
  for (const id of profile?.evidenceIds ?? []) ids.add(id);
  return [...ids].slice(0, EVIDENCE_PER_HYPOTHESIS);
}

function onsetOf(profile: ServiceProfile | undefined, best: Finding): { onset?: number } {
  if (CHANGE_KINDS.has(best.kind) && profile?.onset !== undefined) return { onset: profile.onset };
  const onset = best.investigator === "changes" ? undefined : (best.onset ?? profile?.onset);
  return onset !== undefined ? { onset } : {};
}
