import { checkRcaGrounding } from "../domain/check-rca-grounding.ts";
import type { RcaDocument } from "../domain/rca.ts";

/**
 * The eval's grounding score is the same rule the graph enforces before it stores an RCA
 * (`checkRcaGrounding`): one sentence per problem; empty means grounded.
 */
export function scoreGrounding(rca: RcaDocument): string[] {
  return checkRcaGrounding(rca).problems;
}
