import type { PolicySettings } from "../config/sections/policy-section.ts";
import type { MitigationMode } from "../domain/mitigation-plan.ts";
import type { MitigationAction, MitigationTarget } from "../domain/root-cause.ts";

/** Which actions one namespace (and optionally one service in it) allows. */
export interface MitigationRule {
  namespace: string;
  service?: string;
  actions: MitigationAction[];
}

/** The part of `vigil.yaml`'s policy that proposing, planning and executing need. */
export interface MitigationPolicy {
  /** Actions Vigil may propose at all; absent means the whole catalog. */
  allowedActions?: MitigationAction[];
  /** Namespaces no action may touch. */
  forbiddenNamespaces: string[];
  /**
   * Below this confidence Vigil proposes nothing: acting on a guess does more harm than waiting.
   * The default follows the eval's calibration table: below about 0.75 the top hypothesis is
   * right too rarely (about 60 %) to touch production on it.
   */
  minConfidence: number;
  /** Per namespace/service allowed actions; the most specific matching rule wins. Default none. */
  rules?: MitigationRule[];
  /** Default dry-run: plan only. */
  mode?: MitigationMode;
  /** Low-risk actions `auto` mode applies without a person. Default none. */
  autoActions?: MitigationAction[];
  /** scale-out multiplies replicas by at most this. Default 2. */
  maxScaleFactor?: number;
  /** How long and how often verification reads the alerting signal after apply. */
  verify?: { windowSeconds: number; intervalSeconds: number };
}

export const DEFAULT_MITIGATION_POLICY: MitigationPolicy = {
  forbiddenNamespaces: ["kube-system"],
  minConfidence: 0.75,
};

export const DEFAULT_VERIFY = { windowSeconds: 600, intervalSeconds: 30 };
export const DEFAULT_MAX_SCALE_FACTOR = 2;

/** The policy from vigil.yaml (null: no policy section, the defaults: dry-run, kube-system forbidden). */
export function toMitigationPolicy(settings: PolicySettings | null): MitigationPolicy {
  if (!settings) return DEFAULT_MITIGATION_POLICY;
  return {
    ...(settings.allowedActions ? { allowedActions: settings.allowedActions } : {}),
    forbiddenNamespaces: settings.forbiddenNamespaces,
    minConfidence: settings.minConfidence ?? DEFAULT_MITIGATION_POLICY.minConfidence,
    rules: settings.rules,
    mode: settings.mode,
    autoActions: settings.autoActions,
    maxScaleFactor: settings.maxScaleFactor,
    verify: settings.verify,
  };
}

/**
 * Why the policy refuses `action` on `target`, or null when it allows it. A rule for the target's
 * namespace (and service, when the rule names one) replaces `allowedActions` for that target.
 */
export function policyRefusal(
  action: MitigationAction,
  target: MitigationTarget,
  policy: MitigationPolicy,
): string | null {
  if (target.namespace && policy.forbiddenNamespaces.includes(target.namespace)) {
    return `policy forbids actions in namespace ${target.namespace}`;
  }
  const rule = matchingRule(policy.rules ?? [], target);
  if (rule) {
    if (rule.actions.includes(action)) return null;
    const scope = rule.service ? `${rule.namespace}/${rule.service}` : `namespace ${rule.namespace}`;
    return `policy does not allow ${action} in ${scope} (allowed: ${rule.actions.join(", ") || "none"})`;
  }
  if (policy.allowedActions && !policy.allowedActions.includes(action)) {
    return `policy does not allow ${action}`;
  }
  return null;
}

function matchingRule(rules: MitigationRule[], target: MitigationTarget): MitigationRule | undefined {
  if (!target.namespace) return undefined;
  const inNamespace = rules.filter((rule) => rule.namespace === target.namespace);
  return (
    inNamespace.find((rule) => rule.service === target.name) ??
    inNamespace.find((rule) => rule.service === undefined)
  );
}
