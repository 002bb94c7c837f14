import { classifyLogCause } from "./classify-log-cause.ts";
import {
  count,
  type KubeObject,
  type KubernetesRule,
  type ObjectRef,
  type RuleHit,
  record,
  secondsOf,
  text,
} from "./kubernetes-object.ts";
import { evictionKind, schedulingKind } from "./kubernetes-pod-rules.ts";

type Verdict = { rule: KubernetesRule; kind: RuleHit["kind"]; severity: number };

/** What one Warning event says, by its reason and, where the reason is generic, its message. */
function verdictOf(reason: string, message: string): Verdict | null {
  if (/No space left on device|disk quota exceeded/i.test(message)) {
    return { rule: "VolumeFull", kind: "disk-full", severity: 0.8 };
  }
  switch (reason) {
    case "BackOff":
      return /pulling image/i.test(message)
        ? { rule: "ImagePullBackOff", kind: "image-pull", severity: 0.85 }
        : { rule: "CrashLoopBackOff", kind: "crash-loop", severity: 0.8 };
    case "Failed":
    case "ErrImagePull":
    case "ImagePullBackOff":
      if (
        /ErrImagePull|ImagePullBackOff|Failed to pull image|pull access denied|manifest unknown/i.test(
          message,
        )
      ) {
        return { rule: "ImagePullBackOff", kind: "image-pull", severity: 0.85 };
      }
      if (/CreateContainerConfigError|couldn't find key|(configmap|secret) \S+ not found/i.test(message)) {
        return { rule: "CreateContainerConfigError", kind: "config-change", severity: 0.8 };
      }
      break;
    case "FailedScheduling":
      return { rule: "FailedScheduling", kind: schedulingKind(message), severity: 0.6 };
    case "Unhealthy":
      return /liveness/i.test(message)
        ? { rule: "ProbeFailing", kind: "crash-loop", severity: 0.6 }
        : { rule: "ProbeFailing", kind: "unknown", severity: 0.5 };
    case "OOMKilling":
    case "OOMKilled":
      return { rule: "OOMKilled", kind: "oom-kill", severity: 0.85 };
    case "Evicted":
    case "Evicting":
    case "EvictionThresholdMet":
    case "FreeDiskSpaceFailed":
      return { rule: "Evicted", kind: evictionKind(message), severity: 0.6 };
    case "NodeNotReady":
      return { rule: "NodeNotReady", kind: "node-failure", severity: 0.85 };
    case "ProgressDeadlineExceeded":
      return { rule: "RolloutStuck", kind: "bad-deploy", severity: 0.7 };
    case "ProvisioningFailed":
      return { rule: "PVCPending", kind: "unknown", severity: 0.5 };
  }
  if (/OOMKilled|out of memory/i.test(message)) return { rule: "OOMKilled", kind: "oom-kill", severity: 0.8 };
  const kind = classifyLogCause(message);
  return kind ? { rule: "WarningEvent", kind, severity: 0.4 } : null;
}

/**
 * Rules on one Event (core/v1 or events.k8s.io/v1). Only Warning events count, and only those
 * last seen within the look-back. Repeats raise the severity a little (a probe failing 30 times
 * is surer than one failure).
 */
export function evaluateEvent(
  event: KubeObject,
  resolve: { serviceOf: (ref: ObjectRef) => string; nodeOf: (ref: ObjectRef) => string | undefined },
  now: number,
  lookbackSeconds: number,
): RuleHit | null {
  if (text(event.type) !== "Warning") return null;
  const involved = record(event.involvedObject ?? event.regarding);
  const name = text(involved.name);
  if (name === undefined) return null;
  const reason = text(event.reason) ?? "";
  const message = text(event.message) ?? text(event.note) ?? "";
  const verdict = verdictOf(reason, message);
  if (verdict === null) return null;
  const series = record(event.series);
  const lastSeen =
    secondsOf(event.lastTimestamp) ??
    secondsOf(series.lastObservedTime) ??
    secondsOf(event.eventTime) ??
    secondsOf(event.deprecatedLastTimestamp) ??
    secondsOf(event.firstTimestamp);
  if (lastSeen !== undefined && lastSeen < now - lookbackSeconds) return null;
  const object: ObjectRef = { kind: text(involved.kind) ?? "Unknown", name };
  const namespace = text(involved.namespace) ?? event.metadata.namespace;
  if (namespace !== undefined) object.namespace = namespace;
  const repeats = count(event.count) ?? count(series.count) ?? count(event.deprecatedCount) ?? 1;
  let severity = verdict.severity;
  let service = resolve.serviceOf(object);
  let relatedServices: string[] | undefined;
  if (verdict.rule === "NodeNotReady" && object.kind === "Pod") {
    // The node controller posts "NodeNotReady" on every pod of a lost node: the node is the
    // subject, the pod's service only a casualty.
    const node = resolve.nodeOf(object);
    if (node !== undefined) {
      relatedServices = [service];
      service = node;
    }
    severity -= 0.15;
  } else if (object.kind === "Node" && verdict.kind === "oom-kill") {
    // A kernel OOM kill reported on the node says a process died there, not which service owned it.
    severity = 0.5;
  }
  const hit: RuleHit = {
    rule: verdict.rule,
    kind: verdict.kind,
    service,
    object,
    message: `${reason}: ${message}${repeats > 1 ? ` (×${repeats})` : ""}`,
    severity: Math.min(1, severity + Math.min(0.1, (repeats - 1) / 100)),
  };
  if (relatedServices) hit.relatedServices = relatedServices;
  const since = secondsOf(event.firstTimestamp) ?? secondsOf(event.eventTime) ?? lastSeen;
  if (since !== undefined) hit.since = since;
  return hit;
}
