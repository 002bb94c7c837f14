/** Root-cause kinds and mitigation actions, exactly as `shared/spec/replay-case.md` lists them. */
export const ROOT_CAUSE_KINDS = [
  "bad-deploy",
  "config-change",
  "feature-flag",
  "schema-migration",
  "cpu-saturation",
  "memory-leak",
  "oom-kill",
  "disk-full",
  "connection-pool-exhaustion",
  "dependency-failure",
  "database-slow",
  "network-latency",
  "dns-failure",
  "certificate-expiry",
  "node-failure",
  "crash-loop",
  "image-pull",
  "traffic-spike",
  "rate-limited",
  "noisy-neighbor",
  "unknown",
] as const;
export type RootCauseKind = (typeof ROOT_CAUSE_KINDS)[number];

export const MITIGATION_ACTIONS = [
  "rollback",
  "revert-config",
  "disable-flag",
  "scale-out",
  "restart",
  "cordon-node",
  "failover",
  "none",
] as const;
export type MitigationAction = (typeof MITIGATION_ACTIONS)[number];

export const TARGET_KINDS = [
  "Deployment",
  "StatefulSet",
  "DaemonSet",
  "CronJob",
  "ConfigMap",
  "Node",
  "FeatureFlag",
] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export interface MitigationTarget {
  kind: TargetKind;
  namespace?: string;
  name: string;
}
