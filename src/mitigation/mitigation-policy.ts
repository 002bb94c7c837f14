import type { MitigationAction } from "../domain/root-cause.ts";

/** The part of `vigil.yaml`'s policy the proposal step needs. */
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
}

export const DEFAULT_MITIGATION_POLICY: MitigationPolicy = {
  forbiddenNamespaces: ["kube-system"],
  minConfidence: 0.75,
};
