import type { EventRecord, PodPlan, ServiceDef } from "./model.ts";
import type { CrashSpec } from "./pods.ts";
import type { Rng } from "./rng.ts";

function backoffText(sec: number): string {
  return sec >= 60 ? `${Math.floor(sec / 60)}m${sec % 60 ? `${sec % 60}s` : "0s"}` : `${sec}s`;
}

/**
 * Runs a container in CrashLoopBackOff from `from` until `now`: each run lasts `upSec`, restarts
 * follow the kubelet back-off (10 s doubling to 5 min). Mutates the pod, appends its events.
 */
export function crashLoop(
  pod: PodPlan,
  from: number,
  spec: CrashSpec,
  svc: ServiceDef,
  now: number,
  rng: Rng,
  events: EventRecord[],
): void {
  const r = rng.fork(`crash/${pod.name}/${from}`);
  const current = pod.runs[pod.runs.length - 1];
  let t = from;
  if (current && current.to === undefined) {
    current.to = Math.max(current.from + 3, t);
    current.exit = { reason: spec.reason, exitCode: spec.exitCode };
    t = current.to;
  }
  let backoff = 10;
  let crashes = 1;
  while (t < now) {
    const restartAt = t + backoff + r.int(0, 3);
    if (restartAt >= now) {
      pod.waiting = {
        reason: "CrashLoopBackOff",
        message: `back-off ${backoffText(backoff)} restarting failed container=${svc.name} pod=${pod.name}_${pod.namespace}(${pod.uid})`,
      };
      break;
    }
    const up = r.int(spec.upSec[0], spec.upSec[1]);
    const end = restartAt + up;
    if (end >= now) {
      pod.runs.push({ from: restartAt });
      break;
    }
    pod.runs.push({ from: restartAt, to: end, exit: { reason: spec.reason, exitCode: spec.exitCode } });
    crashes++;
    t = end;
    backoff = Math.min(300, backoff * 2);
  }
  const ref = {
    kind: "Pod",
    name: pod.name,
    namespace: pod.namespace,
    fieldPath: `spec.containers{${svc.name}}`,
  };
  const restarts = pod.runs.filter((run) => run.from > from).length;
  events.push({
    involved: ref,
    reason: "BackOff",
    message: "Back-off restarting failed container",
    type: "Warning",
    first: from + 12,
    last: Math.min(now - 2, from + 12 + crashes * 40),
    count: Math.max(1, crashes * 3 - 1),
    component: "kubelet",
    host: pod.node,
  });
  if (restarts > 0) {
    const lastStart = pod.runs[pod.runs.length - 1]?.from ?? from;
    // The kubelet folds repeats into one event with a count: drop the single Started from the rollout.
    const single = events.findIndex(
      (e) => e.involved.name === pod.name && e.reason === "Started" && e.count === 1,
    );
    if (single >= 0) events.splice(single, 1);
    for (const [reason, message] of [
      ["Pulled", `Container image "${pod.image}" already present on machine`],
      ["Created", `Created container ${svc.name}`],
      ["Started", `Started container ${svc.name}`],
    ] as const) {
      events.push({
        involved: ref,
        reason,
        message,
        type: "Normal",
        first: pod.createdAt + 1,
        last: lastStart,
        count: restarts + 1,
        component: "kubelet",
        host: pod.node,
      });
    }
  }
}
