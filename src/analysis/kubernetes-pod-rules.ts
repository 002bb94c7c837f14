import {
  count,
  type Fields,
  type KubeObject,
  list,
  type RuleHit,
  record,
  refOf,
  secondsOf,
  serviceOfObject,
  text,
} from "./kubernetes-object.ts";

const IMAGE_PULL = new Set(["ImagePullBackOff", "ErrImagePull", "InvalidImageName", "ErrImageNeverPull"]);
const CONFIG_ERRORS = new Set(["CreateContainerConfigError", "CreateContainerError"]);
// A container that restarted this often, the last time within the look-back, keeps failing
// even when it is not in back-off at this moment.
const FREQUENT_RESTARTS = 3;

/** Rules on one Pod's status: container states, scheduling, eviction. */
export function evaluatePod(pod: KubeObject, now: number, lookbackSeconds: number): RuleHit[] {
  const status = record(pod.status);
  const service = serviceOfObject(pod);
  const object = refOf(pod);
  const hits: RuleHit[] = [];
  const hit = (partial: Omit<RuleHit, "service" | "object">) => hits.push({ ...partial, service, object });
  const recent = (seconds: number | undefined) => seconds === undefined || seconds >= now - lookbackSeconds;

  const containers = [...list(status.initContainerStatuses), ...list(status.containerStatuses)];
  for (const container of containers) {
    const name = text(container.name) ?? "container";
    const restarts = count(container.restartCount) ?? 0;
    const waiting = record(record(container.state).waiting);
    const reason = text(waiting.reason);
    const terminated = lastTermination(container);
    const terminatedAt = secondsOf(terminated.finishedAt);
    const exit = terminated.reason
      ? ` (last exit: ${terminated.reason}${terminated.exitCode !== undefined ? `, code ${terminated.exitCode}` : ""})`
      : "";

    if (terminated.reason === "OOMKilled" && recent(terminatedAt)) {
      hit({
        rule: "OOMKilled",
        kind: "oom-kill",
        message: `container ${name} was OOMKilled (exit 137), ${restarts} restarts`,
        severity: 0.9,
        ...since(terminatedAt),
      });
    }
    if (reason === "CrashLoopBackOff") {
      hit({
        rule: "CrashLoopBackOff",
        kind: "crash-loop",
        message: `container ${name} is in CrashLoopBackOff after ${restarts} restarts${exit}`,
        // A crash loop caused by OOM kills is the OOM's symptom; the OOMKilled hit carries the cause.
        severity: terminated.reason === "OOMKilled" ? 0.6 : 0.85,
        ...since(terminatedAt),
      });
    } else if (reason && IMAGE_PULL.has(reason)) {
      hit({
        rule: "ImagePullBackOff",
        kind: "image-pull",
        message: `container ${name} cannot pull its image: ${reason}${waitingMessage(waiting)}`,
        severity: 0.9,
      });
    } else if (reason && CONFIG_ERRORS.has(reason)) {
      hit({
        rule: "CreateContainerConfigError",
        kind: "config-change",
        message: `container ${name} cannot start: ${reason}${waitingMessage(waiting)}`,
        severity: 0.85,
      });
    } else if (
      restarts >= FREQUENT_RESTARTS &&
      terminated.reason &&
      terminated.reason !== "OOMKilled" &&
      recent(terminatedAt)
    ) {
      hit({
        rule: "FrequentRestarts",
        kind: "crash-loop",
        message: `container ${name} restarted ${restarts} times${exit}`,
        severity: 0.6,
        ...since(terminatedAt),
      });
    }
  }

  if (text(status.phase) === "Pending") {
    const scheduled = list(status.conditions).find((condition) => condition.type === "PodScheduled");
    if (scheduled && scheduled.status === "False") {
      const message = text(scheduled.message) ?? "pod cannot be scheduled";
      hit({
        rule: "FailedScheduling",
        kind: schedulingKind(message),
        message: `pod is Pending: ${message}`,
        severity: 0.6,
        ...since(secondsOf(scheduled.lastTransitionTime)),
      });
    }
  }
  if (text(status.reason) === "Evicted") {
    const message = text(status.message) ?? "pod was evicted";
    hit({
      rule: "Evicted",
      kind: evictionKind(message),
      message: `pod was evicted: ${message}`,
      severity: 0.6,
      ...since(secondsOf(status.startTime)),
    });
  }
  return hits;
}

function lastTermination(container: Fields): { reason?: string; exitCode?: number; finishedAt?: unknown } {
  const current = record(record(container.state).terminated);
  const previous = record(record(container.lastState).terminated);
  const chosen = text(current.reason) ? current : previous;
  const result: { reason?: string; exitCode?: number; finishedAt?: unknown } = {
    finishedAt: chosen.finishedAt,
  };
  const reason = text(chosen.reason);
  const exitCode = count(chosen.exitCode);
  if (reason !== undefined) result.reason = reason;
  if (exitCode !== undefined) result.exitCode = exitCode;
  return result;
}

function waitingMessage(waiting: Fields): string {
  const message = text(waiting.message);
  return message ? ` — ${message}` : "";
}

function since(seconds: number | undefined): { since?: number } {
  return seconds === undefined ? {} : { since: seconds };
}

/** What a scheduler message blames: unhealthy nodes, or too little CPU. */
export function schedulingKind(message: string): RuleHit["kind"] {
  if (/not-ready|unreachable|NotReady|pressure|unschedulable/i.test(message)) return "node-failure";
  if (/Insufficient cpu/i.test(message)) return "cpu-saturation";
  return "unknown";
}

/** What an eviction message blames: node disk (ephemeral storage) or the node itself. */
export function evictionKind(message: string): RuleHit["kind"] {
  return /ephemeral-storage|disk|nodefs|imagefs/i.test(message) ? "disk-full" : "node-failure";
}
