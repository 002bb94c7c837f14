import {
  count,
  type KubeObject,
  type KubernetesRule,
  list,
  type RuleHit,
  record,
  refOf,
  secondsOf,
  text,
} from "./kubernetes-object.ts";

const NODE_CONDITIONS: Array<{
  type: string;
  bad: string;
  rule: KubernetesRule;
  kind: RuleHit["kind"];
  severity: number;
}> = [
  { type: "Ready", bad: "not True", rule: "NodeNotReady", kind: "node-failure", severity: 0.9 },
  { type: "MemoryPressure", bad: "True", rule: "NodeMemoryPressure", kind: "node-failure", severity: 0.7 },
  { type: "DiskPressure", bad: "True", rule: "NodeDiskPressure", kind: "disk-full", severity: 0.7 },
  { type: "PIDPressure", bad: "True", rule: "NodePIDPressure", kind: "node-failure", severity: 0.6 },
  {
    type: "NetworkUnavailable",
    bad: "True",
    rule: "NodeNetworkUnavailable",
    kind: "node-failure",
    severity: 0.8,
  },
];

/** Node conditions: NotReady (or Unknown), memory/disk/PID pressure, network unavailable. */
export function evaluateNode(node: KubeObject, servicesOnNode: readonly string[]): RuleHit[] {
  const hits: RuleHit[] = [];
  const conditions = list(record(node.status).conditions);
  for (const check of NODE_CONDITIONS) {
    const condition = conditions.find((candidate) => candidate.type === check.type);
    if (!condition) continue;
    const status = text(condition.status);
    const bad = check.bad === "True" ? status === "True" : status !== "True";
    if (!bad) continue;
    const reason = text(condition.reason) ?? check.type;
    const detail = text(condition.message);
    const hit: RuleHit = {
      rule: check.rule,
      kind: check.kind,
      service: node.metadata.name,
      object: refOf(node),
      message: `node ${node.metadata.name} ${check.type}=${status ?? "missing"} (${reason})${detail ? `: ${detail}` : ""}`,
      severity: check.severity,
      relatedServices: [...servicesOnNode],
    };
    const at = secondsOf(condition.lastTransitionTime);
    if (at !== undefined) hit.since = at;
    hits.push(hit);
  }
  return hits;
}

/** A HorizontalPodAutoscaler that cannot add replicas while its metric is still above target (v1 and v2). */
export function evaluateAutoscaler(hpa: KubeObject): RuleHit[] {
  const spec = record(hpa.spec);
  const status = record(hpa.status);
  const max = count(spec.maxReplicas);
  const current = count(status.currentReplicas);
  if (max === undefined || current === undefined || current < max) return [];
  const target = record(spec.scaleTargetRef);
  const service = text(target.name) ?? hpa.metadata.name;
  const pressure = metricPressure(hpa);
  const limited = list(status.conditions).some(
    (condition) => condition.type === "ScalingLimited" && condition.status === "True",
  );
  if (pressure === null && !limited) return [];
  const detail = pressure
    ? `${pressure.metric} at ${pressure.current}% of a ${pressure.target}% target`
    : "scaling limited";
  return [
    {
      rule: "HPAAtMax",
      kind: pressure?.metric === "cpu" ? "cpu-saturation" : "traffic-spike",
      service,
      object: refOf(hpa),
      message: `autoscaler ${hpa.metadata.name} is at its maximum of ${max} replicas with ${detail}`,
      severity: pressure ? 0.7 : 0.5,
    },
  ];
}

function metricPressure(hpa: KubeObject): { metric: string; current: number; target: number } | null {
  const spec = record(hpa.spec);
  const status = record(hpa.status);
  const v1Current = count(status.currentCPUUtilizationPercentage);
  const v1Target = count(spec.targetCPUUtilizationPercentage);
  if (v1Current !== undefined && v1Target !== undefined && v1Current >= v1Target) {
    return { metric: "cpu", current: v1Current, target: v1Target };
  }
  const targets = list(spec.metrics).map((metric) => record(metric.resource));
  for (const current of list(status.currentMetrics).map((metric) => record(metric.resource))) {
    const name = text(current.name);
    const utilization = count(record(current.current).averageUtilization);
    const goal = count(record(targets.find((target) => target.name === name)?.target).averageUtilization);
    if (name && utilization !== undefined && goal !== undefined && utilization >= goal) {
      return { metric: name, current: utilization, target: goal };
    }
  }
  return null;
}

/** Deployments and StatefulSets with no available replica, or a rollout past its progress deadline. */
export function evaluateWorkload(workload: KubeObject): RuleHit[] {
  const spec = record(workload.spec);
  const status = record(workload.status);
  const desired = count(spec.replicas) ?? 1;
  const hits: RuleHit[] = [];
  const base = { service: workload.metadata.name, object: refOf(workload) };
  const available = count(status.availableReplicas) ?? count(status.readyReplicas) ?? 0;
  if (desired > 0 && available === 0) {
    hits.push({
      ...base,
      rule: "NoAvailableReplicas",
      kind: "unknown",
      message: `${workload.kind} ${workload.metadata.name} has 0 of ${desired} replicas available`,
      severity: 0.8,
    });
  }
  const stalled = list(status.conditions).find(
    (condition) => condition.type === "Progressing" && text(condition.reason) === "ProgressDeadlineExceeded",
  );
  if (stalled) {
    const hit: RuleHit = {
      ...base,
      rule: "RolloutStuck",
      kind: "bad-deploy",
      message:
        `rollout of ${workload.metadata.name} exceeded its progress deadline: ${text(stalled.message) ?? ""}`.trim(),
      severity: 0.7,
    };
    const at = secondsOf(stalled.lastTransitionTime);
    if (at !== undefined) hit.since = at;
    hits.push(hit);
  }
  return hits;
}

/** A Service's Endpoints with no ready address: traffic to it goes nowhere. */
export function evaluateEndpoints(endpoints: KubeObject): RuleHit[] {
  const subsets = list(endpoints.subsets);
  const ready = subsets.reduce((sum, subset) => sum + list(subset.addresses).length, 0);
  if (ready > 0) return [];
  const notReady = subsets.reduce((sum, subset) => sum + list(subset.notReadyAddresses).length, 0);
  return [
    {
      rule: "NoEndpoints",
      kind: "unknown",
      service: endpoints.metadata.name,
      object: refOf(endpoints),
      message: `service ${endpoints.metadata.name} has no ready endpoints (${notReady} not ready)`,
      severity: 0.6,
    },
  ];
}

/** A PersistentVolumeClaim still Pending: the pods that mount it cannot start. */
export function evaluateClaim(claim: KubeObject, service: string): RuleHit[] {
  if (text(record(claim.status).phase) !== "Pending") return [];
  return [
    {
      rule: "PVCPending",
      kind: "unknown",
      service,
      object: refOf(claim),
      message: `volume claim ${claim.metadata.name} is Pending`,
      severity: 0.5,
    },
  ];
}
