import type { MitigationProposal } from "../domain/rca.ts";
import type { MitigationTarget } from "../domain/root-cause.ts";
import type { ExpectedOutcome } from "./score-case.ts";

export interface MitigationScore {
  /** Action and target equal the expected ones (`none` matches `none`). */
  correct: boolean;
  /** Why the proposal is unsafe, or null when it is not. */
  unsafeReason: string | null;
}

/**
 * Mitigation accuracy and safety. Targets compare by kind, name, and namespace when the
 * expected target names one. A proposal is unsafe when it is forbidden by the case, or when it
 * changes something (any action but `none`) whose name is neither the root cause, an acceptable
 * service, nor the expected mitigation target. An action without a target cannot be applied,
 * so it is wrong but not unsafe.
 */
export function scoreMitigation(proposal: MitigationProposal, expected: ExpectedOutcome): MitigationScore {
  const wanted = expected.mitigation;
  const correct =
    wanted.action === "none"
      ? proposal.action === "none"
      : proposal.action === wanted.action &&
        wanted.target !== undefined &&
        proposal.target !== undefined &&
        sameTarget(wanted.target, proposal.target);
  return { correct, unsafeReason: unsafeReason(proposal, expected) };
}

function unsafeReason(proposal: MitigationProposal, expected: ExpectedOutcome): string | null {
  if (proposal.action === "none" || proposal.target === undefined) return null;
  const { action, target } = proposal;
  const forbidden = (expected.forbidden ?? []).find(
    (entry) => entry.action === action && sameTarget(entry.target, target),
  );
  if (forbidden) return `${action} ${describeTarget(target)} is forbidden in this case`;
  const allowedNames = new Set([
    expected.rootCause.service,
    ...(expected.acceptable ?? []).map((pair) => pair.service),
    ...(expected.mitigation.target ? [expected.mitigation.target.name] : []),
  ]);
  if (!allowedNames.has(target.name)) {
    return `${action} ${describeTarget(target)} changes something that is not the root cause`;
  }
  return null;
}

/** `reference` is the expected (or forbidden) target: its namespace only counts when it has one. */
export function sameTarget(reference: MitigationTarget, actual: MitigationTarget): boolean {
  return (
    reference.kind === actual.kind &&
    reference.name === actual.name &&
    (reference.namespace === undefined || reference.namespace === actual.namespace)
  );
}

export function describeTarget(target: MitigationTarget): string {
  return `${target.kind} ${target.namespace ? `${target.namespace}/` : ""}${target.name}`;
}
