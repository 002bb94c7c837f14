import type { RcaDocument } from "../domain/rca.ts";

/**
 * The eval's grounding rule: every hypothesis (top and alternatives) and the mitigation cite at
 * least one evidence id, and every id cited anywhere (hypotheses, mitigation, findings,
 * ruled-out) exists in `rca.evidence`. Returns one sentence per problem; empty means grounded.
 */
export function scoreGrounding(rca: RcaDocument): string[] {
  const known = new Set(rca.evidence.map((item) => item.id));
  const problems: string[] = [];
  const check = (label: string, ids: readonly string[], mustCite: boolean) => {
    if (mustCite && ids.length === 0) problems.push(`${label} cites no evidence`);
    for (const id of new Set(ids)) {
      if (!known.has(id)) problems.push(`${label} cites evidence "${id}" that the RCA does not carry`);
    }
  };
  if (rca.top) check(`top hypothesis ${rca.top.service}/${rca.top.kind}`, rca.top.evidenceIds, true);
  for (const [index, hypothesis] of rca.alternatives.entries()) {
    check(`alternative ${index + 1} ${hypothesis.service}/${hypothesis.kind}`, hypothesis.evidenceIds, true);
  }
  check(`mitigation ${rca.mitigation.action}`, rca.mitigation.evidenceIds, true);
  for (const [index, finding] of rca.findings.entries()) {
    check(`finding ${index + 1} (${finding.investigator} ${finding.service})`, finding.evidenceIds, false);
  }
  for (const [index, ruledOut] of rca.ruledOut.entries()) {
    check(`ruled-out ${index + 1} ${ruledOut.service}/${ruledOut.kind}`, ruledOut.evidenceIds, false);
  }
  return problems;
}
