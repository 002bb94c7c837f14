import type { Finding } from "../../domain/evidence.ts";
import type { Hypothesis } from "../../domain/rca.ts";
import type { RootCauseKind } from "../../domain/root-cause.ts";
import type { ServiceProfile } from "./service-profiles.ts";

const CHANGE_KINDS = new Set<RootCauseKind>(["bad-deploy", "config-change", "feature-flag", "schema-migration"]);
/** A change that lines up with the symptoms explains them better than the symptoms explain themselves. */
const EXPLAINING_CHANGE_BONUS = 0.15;
const AGREEMENT_BONUS = 0.1;
const UNEXPLAINED_WEIGHT = 0.35;
const EVIDENCE_PER_HYPOTHESIS = 6;

/**
 * One candidate per (service, kind) that any investigator raised, scored by how strongly the
 * findings support that kind there; anomalous services nobody explained get an `unknown` candidate.
 * `confidence` here is the kind's support only; ranking folds in the topology and the onset.
 */
export function candidateHypotheses(findings: Finding[], profiles: Map<string, ServiceProfile>): Hypothesis[] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = `${finding.service}\u0000${finding.kind}`;
    groups.set(key, [...(groups.get(key) ?? []), finding]);
  }
  const strongestChange = new Map<string, number>();
  for (const finding of findings) {
    if (!CHANGE_KINDS.has(finding.kind)) continue;
    strongestChange.set(finding.service, Math.max(strongestChange.get(finding.service) ?? 0, finding.score));
  }

  const candidates: Hypothesis[] = [];
  for (const group of groups.values()) {
    const sorted = [...group].sort((a, b) => b.score - a.score);
    const best = sorted[0]!;
    const investigators = new Set(group.map((finding) => finding.investigator)).size;
    const symptomCount = findings.filter(
      (finding) => finding.service === best.service && !CHANGE_KINDS.has(finding.kind) && finding.score >= 0.3,
    ).length;
    let support = best.score + AGREEMENT_BONUS * (investigators - 1);
    if (CHANGE_KINDS.has(best.kind) && best.score >= 0.4 && symptomCount > 0) support += EXPLAINING_CHANGE_BONUS;
    const profile = profiles.get(best.service);
    candidates.push({
      service: best.service,
      kind: best.kind,
      confidence: Math.min(1, support),
      evidenceIds: citedEvidence(sorted, profile),
      explanation: sorted
        .slice(0, 2)
        .map((finding) => finding.summary)
        .join("; "),
      causalChain: [best.service],
      ...(best.changeId ? { changeId: best.changeId } : {}),
      ...(best.subject ? { subject: best.subject } : {}),
      ...onsetOf(profile, best),
    });
  }
  for (const profile of profiles.values()) {
    if (candidates.some((candidate) => candidate.service === profile.service) || profile.anomaly < 0.3) continue;
    candidates.push({
      service: profile.service,
      kind: "unknown",
      confidence: profile.anomaly * UNEXPLAINED_WEIGHT,
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
