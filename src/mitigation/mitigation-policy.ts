import type { MitigationAction } from "../domain/root-cause.ts";

/** The part of `vigil.yaml`'s policy the proposal step needs. */
export interface MitigationPolicy {
  /** Actions Vigil may propose at all; absent means the whole catalog. */
  allowedActions?: MitigationAction[];
  /** Namespaces no action may touch. */
  forbiddenNamespaces: string[];
  /** Below this confidence Vigil proposes nothing: acting on a guess does more harm than waiting. */
  minConfidence: number;
}

export const DEFAULT_MITIGATION_POLICY: MitigationPolicy = {
  forbiddenNamespaces: ["kube-system"],
  minConfidence: 0.3,
};
