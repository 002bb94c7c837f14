import type { Hypothesis, MitigationProposal } from "../domain/rca.ts";
import type { MitigationAction, MitigationTarget, TargetKind } from "../domain/root-cause.ts";
import { TARGET_KINDS } from "../domain/root-cause.ts";
import { ACTION_FOR_KIND, MITIGATION_CATALOG } from "./catalog.ts";
import { type MitigationPolicy, policyRefusal } from "./mitigation-policy.ts";

export interface ProposalContext {
  /** Workload name -> kind and namespace, from cluster state. */
  workloads: Record<string, { kind: string; namespace: string | null }>;
  namespace: string | null;
  /** Change id -> its kind, for causes that came from a change. */
  changeKinds: Record<string, string>;
  /** Runbooks that matched the alert: their kinds and the actions they allow. */
  runbooks: Array<{ id: string; kinds: string[]; mitigations: string[] }>;
  /** Names of cluster nodes: a node can only be cordoned, never restarted, scaled or rolled back. */
  nodes: string[];
  policy: MitigationPolicy;
}

const NO_ACTION = (why: string, evidenceIds: string[] = []): MitigationProposal => ({
  action: "none",
  why,
  reverse: "nothing to reverse",
  risk: "low",
  evidenceIds,
});

/**
 * Picks one reversible action from the fixed catalog for the top hypothesis, or `none` when no
 * automatic action is safe. Policy and runbooks can refuse an action; the refusal and its reason are
 * kept in the proposal so the RCA can show them.
 */
export function proposeMitigation(top: Hypothesis | null, context: ProposalContext): MitigationProposal {
  if (!top) return NO_ACTION("no hypothesis is strong enough to act on");
  const action = actionFor(top, context);
  if (action === "none") {
    return NO_ACTION(
      `no catalog action safely mitigates ${top.kind} at ${top.service}; a human should decide`,
      top.evidenceIds,
    );
  }
  if (top.confidence < context.policy.minConfidence) {
    return NO_ACTION(
      `confidence ${top.confidence.toFixed(2)} is below the policy minimum ${context.policy.minConfidence}`,
      top.evidenceIds,
    );
  }
  const target = targetFor(action, top, context);
  const entry = MITIGATION_CATALOG[action];
  const refusal = refusalReason(action, target, top, context);
  if (refusal) {
    return { ...NO_ACTION(refusal, top.evidenceIds), refused: { action, target, reason: refusal } };
  }
  return {
    action,
    target,
    why: `${entry.effect}: ${top.explanation}`,
    reverse: entry.reverse,
    risk: entry.risk,
    evidenceIds: top.evidenceIds,
  };
}

function actionFor(top: Hypothesis, context: ProposalContext): MitigationAction {
  if (context.nodes.includes(top.service)) return top.kind === "node-failure" ? "cordon-node" : "none";
  const changeKind = top.changeId ? context.changeKinds[top.changeId] : undefined;
  switch (top.kind) {
    case "crash-loop":
    case "image-pull":
    case "oom-kill":
      // A crash, a bad image or a new OOM right after a deploy is undone by undoing the deploy;
      // without one, rolling back would revert an innocent revision.
      if (changeKind === "deploy") return "rollback";
      if (changeKind === "config") return "revert-config";
      // Kubernetes already restarts an OOM-killed container; restarting again changes nothing.
      return "none";
    case "feature-flag":
      return top.subject ? "disable-flag" : "none";
    case "node-failure":
      return top.subject || context.workloads[top.service] === undefined ? "cordon-node" : "none";
    default:
      return ACTION_FOR_KIND[top.kind];
  }
}

function targetFor(action: MitigationAction, top: Hypothesis, context: ProposalContext): MitigationTarget {
  if (action === "cordon-node") return { kind: "Node", name: top.subject ?? top.service };
  if (action === "disable-flag") return { kind: "FeatureFlag", name: top.subject ?? top.service };
  const workload = context.workloads[top.service];
  const kind = workload && isTargetKind(workload.kind) ? workload.kind : "Deployment";
  const namespace = workload?.namespace ?? context.namespace ?? undefined;
  return namespace ? { kind, namespace, name: top.service } : { kind, name: top.service };
}

function refusalReason(
  action: MitigationAction,
  target: MitigationTarget,
  top: Hypothesis,
  context: ProposalContext,
): string | null {
  const refusedByPolicy = policyRefusal(action, target, context.policy);
  if (refusedByPolicy) return refusedByPolicy;
  if (!MITIGATION_CATALOG[action as Exclude<MitigationAction, "none">].targetKinds.includes(target.kind)) {
    return `${action} cannot act on a ${target.kind}`;
  }
  const relevant = context.runbooks.filter((runbook) => runbook.kinds.includes(top.kind));
  if (relevant.length > 0 && relevant.every((runbook) => !runbook.mitigations.includes(action))) {
    return `runbook ${relevant.map((runbook) => runbook.id).join(", ")} does not allow ${action} for ${top.kind}`;
  }
  return null;
}

function isTargetKind(kind: string): kind is TargetKind {
  return (TARGET_KINDS as readonly string[]).includes(kind);
}
