import type { RcaDocument } from "./rca.ts";

export interface RcaGroundingResult {
  ok: boolean;
  /** One sentence per problem, naming the claim and the evidence id at fault. */
  problems: string[];
}

interface Claim {
  label: string;
  evidenceIds: readonly string[];
  mustCite: boolean;
}

function claimsOf(rca: RcaDocument): Claim[] {
  const claims: Claim[] = [];
  if (rca.top !== null) {
    claims.push({
      label: `top (${rca.top.service} ${rca.top.kind})`,
      evidenceIds: rca.top.evidenceIds,
      mustCite: true,
    });
  }
  rca.alternatives.forEach((h, i) => {
    claims.push({
      label: `alternatives[${i}] (${h.service} ${h.kind})`,
      evidenceIds: h.evidenceIds,
      mustCite: true,
    });
  });
  rca.ruledOut.forEach((r, i) => {
    claims.push({
      label: `ruledOut[${i}] (${r.service} ${r.kind})`,
      evidenceIds: r.evidenceIds,
      mustCite: false,
    });
  });
  rca.findings.forEach((f, i) => {
    claims.push({
      label: `findings[${i}] (${f.investigator} ${f.service} ${f.signal})`,
      evidenceIds: f.evidenceIds,
      mustCite: false,
    });
  });
  // A model's narrative and critique are claims like any other: each must cite evidence the RCA holds.
  rca.reasoning?.claims.forEach((claim, i) => {
    claims.push({ label: `reasoning.claims[${i}]`, evidenceIds: claim.evidenceIds, mustCite: true });
  });
  rca.reasoning?.critique?.forEach((critique, i) => {
    claims.push({
      label: `reasoning.critique[${i}] (${critique.service} ${critique.kind})`,
      evidenceIds: critique.evidenceIds,
      mustCite: true,
    });
  });
  // "none" changes nothing, so it needs no evidence; anything that changes the system does.
  claims.push({
    label: `mitigation (${rca.mitigation.action})`,
    evidenceIds: rca.mitigation.evidenceIds,
    mustCite: rca.mitigation.action !== "none",
  });
  return claims;
}

/**
 * Whether every claim in an RCA cites evidence that the RCA carries: hypotheses (top and
 * alternatives) and any state-changing mitigation must cite at least one id, and no claim may cite
 * an id missing from `rca.evidence`. Evidence ids must be unique so a citation names one item.
 */
export function checkRcaGrounding(rca: RcaDocument): RcaGroundingResult {
  const problems: string[] = [];
  const counts = new Map<string, number>();
  for (const item of rca.evidence) counts.set(item.id, (counts.get(item.id) ?? 0) + 1);
  for (const [id, count] of counts) {
    if (id.trim() === "") problems.push(`evidence has an item with an empty id`);
    if (count > 1) problems.push(`evidence id "${id}" is used by ${count} items`);
  }
  for (const claim of claimsOf(rca)) {
    if (claim.mustCite && claim.evidenceIds.length === 0) problems.push(`${claim.label} cites no evidence`);
    for (const id of new Set(claim.evidenceIds)) {
      if (!counts.has(id)) problems.push(`${claim.label} cites evidence "${id}" that is not in the RCA`);
    }
  }
  return { ok: problems.length === 0, problems };
}

/** An RCA that cites evidence it does not carry; the graph refuses to store it. */
export class UngroundedRcaError extends Error {
  readonly code = "rca.ungrounded";
  readonly retryable = false;

  constructor(
    readonly incidentId: string,
    readonly problems: readonly string[],
  ) {
    super(`RCA for incident ${incidentId} is not grounded: ${problems.join("; ")}`);
    this.name = "UngroundedRcaError";
  }
}

/** Throws `UngroundedRcaError` listing every problem `checkRcaGrounding` finds. */
export function assertRcaGrounded(rca: RcaDocument): void {
  const { ok, problems } = checkRcaGrounding(rca);
  if (!ok) throw new UngroundedRcaError(rca.incidentId, problems);
}
