import type { MitigationAction, RootCauseKind, TargetKind } from "../domain/root-cause.ts";

export interface CatalogEntry {
  action: Exclude<MitigationAction, "none">;
  /** What the action changes, in one line an approver can read. */
  effect: string;
  /** How the executor undoes it. */
  reverse: string;
  risk: "low" | "medium" | "high";
  targetKinds: TargetKind[];
}

/** The fixed catalog: Vigil never proposes anything outside it. */
export const MITIGATION_CATALOG: Record<CatalogEntry["action"], CatalogEntry> = {
  rollback: {
    action: "rollback",
    effect: "roll the workload back to its previous revision",
    reverse: "roll forward to the revision recorded before the rollback",
    risk: "medium",
    targetKinds: ["Deployment", "StatefulSet", "DaemonSet"],
  },
  "revert-config": {
    action: "revert-config",
    effect: "restore the configuration value recorded before the change",
    reverse: "re-apply the configuration recorded before the revert",
    risk: "medium",
    targetKinds: ["Deployment", "StatefulSet", "DaemonSet", "CronJob", "ConfigMap"],
  },
  "disable-flag": {
    action: "disable-flag",
    effect: "turn the feature flag off",
    reverse: "restore the flag's recorded previous state",
    risk: "low",
    targetKinds: ["FeatureFlag"],
  },
  "scale-out": {
    action: "scale-out",
    effect: "add replicas within the policy's maximum factor",
    reverse: "scale back to the recorded replica count",
    risk: "low",
    targetKinds: ["Deployment", "StatefulSet"],
  },
  restart: {
    action: "restart",
    effect: "rolling restart of the workload's pods",
    reverse: "none needed: a restart keeps the spec; pods come back on the same revision",
    risk: "low",
    targetKinds: ["Deployment", "StatefulSet", "DaemonSet"],
  },
  "cordon-node": {
    action: "cordon-node",
    effect: "mark the node unschedulable so no new pods land on it",
    reverse: "uncordon the node",
    risk: "medium",
    targetKinds: ["Node"],
  },
  failover: {
    action: "failover",
    effect: "switch traffic to the configured standby",
    reverse: "fail back to the primary",
    risk: "high",
    targetKinds: ["Deployment", "StatefulSet"],
  },
};

/**
 * The action each root-cause kind calls for when the cause is confirmed. `none` where no automatic
 * action is safe or useful: the fault is outside the workload (network, DNS, certificates, an
 * external dependency, a slow database) or the action would not help (a full disk needs a human).
 */
export const ACTION_FOR_KIND: Record<RootCauseKind, MitigationAction> = {
  "bad-deploy": "rollback",
  "config-change": "revert-config",
  "feature-flag": "disable-flag",
  "schema-migration": "none",
  "cpu-saturation": "scale-out",
  "memory-leak": "restart",
  "oom-kill": "none",
  "disk-full": "none",
  "connection-pool-exhaustion": "restart",
  "dependency-failure": "none",
  "database-slow": "none",
  "network-latency": "none",
  "dns-failure": "none",
  "certificate-expiry": "none",
  "node-failure": "cordon-node",
  "crash-loop": "rollback",
  "image-pull": "rollback",
  "traffic-spike": "scale-out",
  "rate-limited": "none",
  "noisy-neighbor": "none",
  unknown: "none",
};
