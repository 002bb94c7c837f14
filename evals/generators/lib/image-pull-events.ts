import type { EventRecord, PodPlan } from "./model.ts";

/** What the kubelet reports while it cannot pull a pod's image: Pulling, Failed, BackOff, repeated. */
export function imagePullEvents(
  pod: PodPlan,
  container: string,
  image: string,
  at: number,
  now: number,
): EventRecord[] {
  const out: EventRecord[] = [];
  const ref = {
    kind: "Pod",
    name: pod.name,
    namespace: pod.namespace,
    fieldPath: `spec.containers{${container}}`,
  };
  const fails = Math.max(2, Math.floor((now - at) / 60));
  const host = pod.node;
  out.push({
    involved: { kind: "Pod", name: pod.name, namespace: pod.namespace },
    reason: "Scheduled",
    message: `Successfully assigned ${pod.namespace}/${pod.name} to ${host}`,
    type: "Normal",
    first: at + 2,
    last: at + 2,
    count: 1,
    component: "default-scheduler",
  });
  out.push({
    involved: ref,
    reason: "Pulling",
    message: `Pulling image "${image}"`,
    type: "Normal",
    first: at + 3,
    last: now - 40,
    count: fails,
    component: "kubelet",
    host,
  });
  out.push({
    involved: ref,
    reason: "Failed",
    message: `Failed to pull image "${image}": rpc error: code = NotFound desc = failed to pull and unpack image "${image}": failed to resolve reference "${image}": ${image}: not found`,
    type: "Warning",
    first: at + 4,
    last: now - 39,
    count: fails,
    component: "kubelet",
    host,
  });
  out.push({
    involved: ref,
    reason: "Failed",
    message: "Error: ErrImagePull",
    type: "Warning",
    first: at + 4,
    last: now - 39,
    count: fails,
    component: "kubelet",
    host,
  });
  out.push({
    involved: ref,
    reason: "BackOff",
    message: `Back-off pulling image "${image}"`,
    type: "Normal",
    first: at + 5,
    last: now - 8,
    count: fails * 2 + 3,
    component: "kubelet",
    host,
  });
  out.push({
    involved: ref,
    reason: "Failed",
    message: "Error: ImagePullBackOff",
    type: "Warning",
    first: at + 5,
    last: now - 8,
    count: fails * 2 + 3,
    component: "kubelet",
    host,
  });
  return out;
}
