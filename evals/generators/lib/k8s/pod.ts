import type { PodPlan, ServiceDef } from "../model.ts";
import type { Rng } from "../rng.ts";
import { iso } from "../time.ts";
import type { World } from "../world.ts";

export type Json = Record<string, unknown>;

export function cpuQuantity(cores: number): string {
  return cores >= 1 && Number.isInteger(cores) ? String(cores) : `${Math.round(cores * 1000)}m`;
}

export function memQuantity(mib: number): string {
  return mib % 1024 === 0 ? `${mib / 1024}Gi` : `${mib}Mi`;
}

export function resources(svc: ServiceDef): Json {
  const limits: Json = { memory: memQuantity(svc.memLimitMiB) };
  if (svc.cpuLimit !== undefined) limits.cpu = cpuQuantity(svc.cpuLimit);
  return {
    limits,
    requests: { cpu: cpuQuantity(svc.cpuRequest), memory: memQuantity(Math.round(svc.memMiB / 16) * 16) },
  };
}

export function appLabels(svc: ServiceDef, partOf: string): Record<string, string> {
  return { "app.kubernetes.io/name": svc.name, "app.kubernetes.io/part-of": partOf };
}

export function containerSpec(svc: ServiceDef, image: string, rng: Rng): Json {
  const probe = (path: string, delay: number) => ({
    failureThreshold: 3,
    httpGet: { path, port: "http", scheme: "HTTP" },
    initialDelaySeconds: delay,
    periodSeconds: 10,
    successThreshold: 1,
    timeoutSeconds: 2,
  });
  const spec: Json = {
    image,
    imagePullPolicy: "IfNotPresent",
    name: svc.name,
    ports: [{ containerPort: svc.port, name: "http", protocol: "TCP" }],
    resources: resources(svc),
    terminationMessagePath: "/dev/termination-log",
    terminationMessagePolicy: "File",
  };
  if (svc.config) spec.envFrom = [{ configMapRef: { name: `${svc.name}-config` } }];
  if (svc.workload === "Deployment") {
    spec.readinessProbe = probe(svc.runtime === "java" ? "/actuator/health/readiness" : "/readyz", 5);
  }
  void rng;
  return spec;
}

function containerStatus(world: World, pod: PodPlan, svc: ServiceDef, rng: Rng): Json {
  const now = world.now;
  const runs = pod.runs.filter((r) => r.from <= now);
  const current = runs.find((r) => r.to === undefined || r.to > now);
  const ended = runs.filter((r) => r.to !== undefined && r.to <= now);
  const last = ended[ended.length - 1];
  const restartCount = pod.restartsBefore + Math.max(0, runs.length - 1);
  const cid = () => `containerd://${rng.hex(64)}`;
  const imageId = pod.phase === "Pending" ? "" : `${pod.image.split(":")[0]}@sha256:${rng.hex(64)}`;
  let lastState: Json = {};
  if (last?.exit && pod.phase !== "Succeeded") {
    lastState = {
      terminated: {
        containerID: cid(),
        exitCode: last.exit.exitCode,
        finishedAt: iso(last.to ?? now),
        reason: last.exit.reason,
        startedAt: iso(last.from),
      },
    };
  } else if (pod.priorExit && runs.length <= 1) {
    const prior = pod.priorExit;
    lastState = {
      terminated: {
        containerID: cid(),
        exitCode: prior.exitCode,
        finishedAt: iso(prior.finishedAt),
        reason: prior.reason,
        startedAt: iso(prior.startedAt),
      },
    };
  }
  let state: Json;
  let ready = false;
  if (pod.phase === "Succeeded" && last) {
    state = {
      terminated: {
        containerID: cid(),
        exitCode: 0,
        finishedAt: iso(last.to ?? now),
        reason: "Completed",
        startedAt: iso(last.from),
      },
    };
    lastState = {};
  } else if (current) {
    state = { running: { startedAt: iso(current.from) } };
    ready = now >= pod.readyAt && now >= current.from + 8 && pod.unreachableFrom === undefined;
  } else if (pod.waiting) {
    state = { waiting: { message: pod.waiting.message, reason: pod.waiting.reason } };
  } else {
    state = { waiting: { reason: "ContainerCreating" } };
  }
  const out: Json = {
    containerID: pod.phase === "Pending" ? undefined : cid(),
    image: pod.image,
    imageID: imageId,
    lastState,
    name: svc.name,
    ready,
    restartCount,
    started: current !== undefined,
    state,
  };
  if (out.containerID === undefined) delete out.containerID;
  return out;
}

/** A Pod as `kubectl get pod -o json` prints it, as of `now`. */
export function podObject(world: World, pod: PodPlan, svc: ServiceDef, partOf: string): Json {
  const rng = world.rng.fork(`k8s/pod/${pod.name}`);
  const now = world.now;
  const node = world.platform.nodes.find((n) => n.name === pod.node);
  const status = containerStatus(world, pod, svc, rng);
  const ready = status.ready === true;
  const lost = pod.unreachableFrom !== undefined && now >= pod.unreachableFrom + 40;
  const readySince = Math.max(pod.readyAt, ...pod.runs.filter((r) => r.from <= now).map((r) => r.from + 8));
  const readyTransition = iso(
    lost
      ? (pod.unreachableFrom ?? now) + 42
      : Math.min(
          now,
          ready
            ? readySince
            : (pod.runs.filter((r) => r.to !== undefined && r.to <= now).pop()?.to ?? pod.createdAt + 2),
        ),
  );
  const cond = (type: string, ok: boolean, at: string, reason?: string, message?: string) => {
    const c: Json = { lastProbeTime: null, lastTransitionTime: at, status: ok ? "True" : "False", type };
    if (reason) c.reason = reason;
    if (message) c.message = message;
    return c;
  };
  const scheduled = iso(pod.createdAt);
  // PodReadyToStartContainers is reported from Kubernetes 1.29 on.
  const minor = Number(/v1\.(\d+)/.exec(world.platform.cluster.kubeletVersion)?.[1] ?? "29");
  const modern = minor >= 29;
  const started = pod.phase !== "Pending";
  const notReadyMessage = `containers with unready status: [${svc.name}]`;
  const conditions =
    pod.phase === "Succeeded"
      ? [
          cond("PodReadyToStartContainers", false, iso(pod.runs[0]?.to ?? now)),
          cond("Initialized", true, scheduled, "PodCompleted"),
          cond("Ready", false, iso(pod.runs[0]?.to ?? now), "PodCompleted"),
          cond("ContainersReady", false, iso(pod.runs[0]?.to ?? now), "PodCompleted"),
          cond("PodScheduled", true, scheduled),
        ]
      : [
          ...(modern ? [cond("PodReadyToStartContainers", started, iso(pod.createdAt + 2))] : []),
          cond("Initialized", true, scheduled),
          lost
            ? { ...cond("Ready", false, readyTransition), status: "False", reason: "NodeNotReady" }
            : cond(
                "Ready",
                ready,
                readyTransition,
                ready ? undefined : "ContainersNotReady",
                ready ? undefined : notReadyMessage,
              ),
          cond(
            "ContainersReady",
            ready && !lost,
            readyTransition,
            ready ? undefined : "ContainersNotReady",
            ready ? undefined : notReadyMessage,
          ),
          cond("PodScheduled", true, scheduled),
        ];
  const ownerKind = pod.owner.kind;
  const labels: Record<string, string> = { ...appLabels(svc, partOf) };
  if (ownerKind === "ReplicaSet" && pod.hash) labels["pod-template-hash"] = pod.hash;
  if (ownerKind === "StatefulSet") {
    labels["controller-revision-hash"] = pod.hash ?? "";
    labels["statefulset.kubernetes.io/pod-name"] = pod.name;
  }
  if (ownerKind === "Job") {
    labels["batch.kubernetes.io/job-name"] = pod.owner.name;
    labels["job-name"] = pod.owner.name;
  }
  const metadata: Json = {
    creationTimestamp: iso(pod.createdAt),
    labels,
    name: pod.name,
    namespace: pod.namespace,
    ownerReferences: [
      {
        apiVersion: ownerKind === "Job" ? "batch/v1" : "apps/v1",
        blockOwnerDeletion: true,
        controller: true,
        kind: ownerKind,
        name: pod.owner.name,
        uid: world.rng.fork(`uid/${ownerKind}/${pod.owner.name}`).uuid(),
      },
    ],
    resourceVersion: String(rng.int(10_000_000, 99_999_999)),
    uid: pod.uid,
  };
  if (ownerKind === "ReplicaSet") metadata.generateName = `${pod.owner.name}-`;
  if (pod.terminatingAt !== undefined && pod.terminatingAt <= now) {
    metadata.deletionGracePeriodSeconds = 30;
    metadata.deletionTimestamp = iso(Math.min(now, pod.terminatingAt + 30));
  }
  const spec: Json = {
    containers: [containerSpec(svc, pod.image, rng)],
    dnsPolicy: "ClusterFirst",
    enableServiceLinks: true,
    nodeName: pod.node,
    preemptionPolicy: "PreemptLowerPriority",
    priority: 0,
    restartPolicy: ownerKind === "Job" ? "OnFailure" : "Always",
    schedulerName: "default-scheduler",
    securityContext: {},
    serviceAccount: svc.name,
    serviceAccountName: svc.name,
    terminationGracePeriodSeconds: 30,
  };
  if (ownerKind === "StatefulSet") {
    spec.hostname = pod.name;
    spec.subdomain = svc.name;
  }
  const qos = svc.cpuLimit !== undefined && svc.cpuLimit === svc.cpuRequest ? "Guaranteed" : "Burstable";
  const podStatus: Json = {
    conditions,
    containerStatuses: [status],
    hostIP: node?.ip,
    hostIPs: [{ ip: node?.ip }],
    phase: pod.phase,
    podIP: pod.ip,
    podIPs: [{ ip: pod.ip }],
    qosClass: qos,
    startTime: iso(pod.createdAt),
  };
  return { apiVersion: "v1", kind: "Pod", metadata, spec, status: podStatus };
}
