import { crashLoop } from "./crash-loop.ts";
import { imagePullEvents } from "./image-pull-events.ts";
import type { EventRecord, NodeDef, Platform, PodPlan, Revision, ServiceDef } from "./model.ts";
import { K8S_ALPHABET, type Rng } from "./rng.ts";

export type PodAction =
  | {
      type: "deploy";
      service: string;
      at: number;
      version: string;
      /** `ok`: a normal rollout; `image-pull`: new pods never start; `crash`: new pods start, then crash-loop. */
      mode: "ok" | "image-pull" | "crash";
      crash?: CrashSpec;
      image?: string;
    }
  | {
      type: "restart";
      service: string;
      at: number;
      pod: number;
      reason: "OOMKilled" | "Error";
      exitCode: number;
    }
  | ({ type: "crashloop"; service: string; pods: number[]; from: number } & CrashSpec)
  | { type: "node-down"; node: string; at: number }
  | { type: "scale"; service: string; at: number; to: number }
  | { type: "job"; service: string; at: number; durationSec: number; node?: string };

export interface CrashSpec {
  upSec: [number, number];
  reason: "OOMKilled" | "Error";
  exitCode: number;
  /** Seconds after a pod turns ready until its first crash. */
  firstAfter?: [number, number];
}

export interface PodPlanning {
  pods: PodPlan[];
  revisions: Map<string, Revision[]>;
  events: EventRecord[];
  replicas: Map<string, number>;
}

interface Ctx {
  platform: Platform;
  services: ServiceDef[];
  start: number;
  now: number;
  rng: Rng;
}

const alive = (pod: PodPlan, t: number) =>
  pod.createdAt <= t && (pod.deletedAt === undefined || t < pod.deletedAt);

function podIp(node: NodeDef, rng: Rng): string {
  const base = node.podCidr.split("/")[0]?.split(".").slice(0, 3).join(".") ?? "10.0.0";
  return `${base}.${rng.int(3, 250)}`;
}

export function planPods(ctx: Ctx, actions: PodAction[]): PodPlanning {
  const { platform, services, start, now, rng } = ctx;
  const pods: PodPlan[] = [];
  const revisions = new Map<string, Revision[]>();
  const replicas = new Map<string, number>();
  const events: EventRecord[] = [];
  const nodeByName = new Map(platform.nodes.map((n) => [n.name, n]));
  const nsOf = (svc: ServiceDef) => svc.namespace ?? platform.namespace;
  const svcByName = new Map(services.map((s) => [s.name, s]));
  const nodeCycle = (svc: ServiceDef, i: number, avoid?: string): NodeDef => {
    const names = svc.nodes ?? platform.nodes.map((n) => n.name);
    const offset = svc.nodes ? 0 : [...svc.name].reduce((sum, ch) => sum + ch.charCodeAt(0), 0);
    for (let k = 0; k < names.length; k++) {
      const name = names[(offset + i + k) % names.length];
      if (name !== undefined && name !== avoid) {
        const node = nodeByName.get(name);
        if (node) return node;
      }
    }
    throw new Error(`no node for ${svc.name}`);
  };
  const image = (svc: ServiceDef, version: string) => `${platform.cluster.registry}/${svc.image}:${version}`;

  const newPod = (
    svc: ServiceDef,
    rev: Revision | undefined,
    createdAt: number,
    node: NodeDef,
    name?: string,
  ) => {
    const r = rng.fork(`pod/${svc.name}/${createdAt}/${node.name}/${name ?? ""}`);
    const pod: PodPlan = {
      name: name ?? `${svc.name}-${rev?.hash ?? r.chars(10, K8S_ALPHABET)}-${r.chars(5, K8S_ALPHABET)}`,
      uid: r.uuid(),
      index: pods.filter((p) => p.service === svc.name).length,
      service: svc.name,
      namespace: nsOf(svc),
      node: node.name,
      ip: podIp(node, r),
      owner: { kind: "ReplicaSet", name: `${svc.name}-${rev?.hash ?? ""}` },
      image: rev?.image ?? image(svc, svc.version),
      createdAt,
      readyAt: createdAt + r.int(12, 28),
      runs: [{ from: createdAt + r.int(2, 6) }],
      restartsBefore: 0,
      phase: "Running",
      weight: r.float(0.93, 1.07),
    };
    if (rev) {
      pod.revision = rev.revision;
      pod.hash = rev.hash;
    }
    pods.push(pod);
    return pod;
  };

  const lifecycleEvents = (pod: PodPlan, svc: ServiceDef) => {
    const ref = { kind: "Pod", name: pod.name, namespace: pod.namespace };
    const container = { ...ref, fieldPath: `spec.containers{${svc.name}}` };
    const base = { count: 1, type: "Normal" as const, host: pod.node };
    events.push({
      ...base,
      involved: ref,
      reason: "Scheduled",
      message: `Successfully assigned ${pod.namespace}/${pod.name} to ${pod.node}`,
      first: pod.createdAt,
      last: pod.createdAt,
      component: "default-scheduler",
    });
    const t = pod.createdAt + 1;
    events.push({
      ...base,
      involved: container,
      reason: "Started",
      message: `Started container ${svc.name}`,
      first: t + 1,
      last: t + 1,
      component: "kubelet",
    });
  };

  const stopPod = (pod: PodPlan, at: number, svc: ServiceDef) => {
    const last = pod.runs[pod.runs.length - 1];
    if (last && last.to === undefined) last.to = at + 2;
    pod.deletedAt = at + rng.int(3, 8);
    events.push({
      involved: {
        kind: "Pod",
        name: pod.name,
        namespace: pod.namespace,
        fieldPath: `spec.containers{${svc.name}}`,
      },
      reason: "Killing",
      message: `Stopping container ${svc.name}`,
      type: "Normal",
      first: at,
      last: at,
      count: 1,
      component: "kubelet",
      host: pod.node,
    });
  };

  const scaledEvent = (svc: ServiceDef, rs: string, to: number, up: boolean, at: number) =>
    events.push({
      involved: { kind: "Deployment", name: svc.name, namespace: nsOf(svc), apiVersion: "apps/v1" },
      reason: "ScalingReplicaSet",
      message: `Scaled ${up ? "up" : "down"} replica set ${rs} to ${to}${up ? "" : ` from ${to + 1}`}`,
      type: "Normal",
      first: at,
      last: at,
      count: 1,
      component: "deployment-controller",
    });

  // Baseline: every workload as it was before the window.
  for (const svc of services) {
    const r = rng.fork(`baseline/${svc.name}`);
    replicas.set(svc.name, svc.replicas);
    if (svc.workload === "Deployment") {
      const current = r.int(4, 60);
      const prevAt = start - r.int(6, 40) * 86400 - r.int(0, 86000);
      const curAt = start - r.int(2, 9 * 24) * 3600 - r.int(0, 3000);
      const revs: Revision[] = [
        {
          revision: current - 1,
          hash: r.chars(10, K8S_ALPHABET),
          version: svc.previousVersion,
          image: image(svc, svc.previousVersion),
          createdAt: prevAt,
          configChecksum: r.hex(64),
        },
        {
          revision: current,
          hash: r.chars(10, K8S_ALPHABET),
          version: svc.version,
          image: image(svc, svc.version),
          createdAt: curAt,
          configChecksum: r.hex(64),
        },
      ];
      revisions.set(svc.name, revs);
      const rev = revs[1] as Revision;
      if (svc.podAgeHours !== undefined) rev.createdAt = start - svc.podAgeHours * 3600 - r.int(0, 600);
      for (let i = 0; i < svc.replicas; i++) {
        const rescheduled = svc.podAgeHours === undefined && r.chance(0.25);
        const createdAt = rescheduled
          ? r.int(curAt + 3600, start - 5400)
          : rev.createdAt + 5 + i * r.int(15, 30);
        const pod = newPod(svc, rev, Math.min(createdAt, start - 3600), nodeCycle(svc, i));
        if (svc.podAgeHours === undefined && r.chance(0.12)) {
          const finishedAt = r.int(pod.createdAt + 600, start - 1800);
          pod.restartsBefore = r.int(1, 2);
          pod.priorExit = {
            reason: "Error",
            exitCode: r.pick([137, 143, 1]),
            startedAt: pod.createdAt + 4,
            finishedAt,
          };
          const run = pod.runs[0];
          if (run) run.from = finishedAt + r.int(1, 12);
        }
      }
    } else if (svc.workload === "StatefulSet") {
      const hash = r.chars(10, "0123456789abcdef".slice(0, 16));
      const createdAt = start - r.int(10, 200) * 86400;
      revisions.set(svc.name, [
        {
          revision: 1,
          hash,
          version: svc.version,
          image: image(svc, svc.version),
          createdAt,
          configChecksum: r.hex(64),
        },
      ]);
      for (let i = 0; i < svc.replicas; i++) {
        const pod = newPod(
          svc,
          undefined,
          start - r.int(3, 30) * 86400,
          nodeCycle(svc, i),
          `${svc.name}-${i}`,
        );
        pod.owner = { kind: "StatefulSet", name: svc.name };
        pod.hash = `${svc.name}-${hash}`;
        pod.image = image(svc, svc.version);
      }
    }
  }

  const alivePods = (service: string, t: number) =>
    pods
      .filter((p) => p.service === service && alive(p, t) && !p.terminatingAt)
      .sort((a, b) => a.name.localeCompare(b.name));

  const crashLoopAt = (pod: PodPlan, from: number, spec: CrashSpec, svc: ServiceDef) =>
    crashLoop(pod, from, spec, svc, now, rng, events);

  const when = (a: PodAction) => (a.type === "crashloop" ? a.from : a.at);
  const sorted = [...actions].sort((a, b) => when(a) - when(b));
  for (const action of sorted) {
    if (action.type === "node-down") {
      const node = nodeByName.get(action.node);
      if (!node) throw new Error(`unknown node ${action.node}`);
      events.push({
        involved: { kind: "Node", name: node.name },
        reason: "NodeNotReady",
        message: `Node ${node.name} status is now: NodeNotReady`,
        type: "Normal",
        first: action.at + 42,
        last: action.at + 42,
        count: 1,
        component: "node-controller",
      });
      for (const pod of pods.filter((p) => p.node === node.name && alive(p, action.at))) {
        pod.unreachableFrom = action.at;
        const svc = svcByName.get(pod.service);
        if (!svc) continue;
        events.push({
          involved: { kind: "Pod", name: pod.name, namespace: pod.namespace },
          reason: "NodeNotReady",
          message: "Node is not ready",
          type: "Warning",
          first: action.at + 43,
          last: action.at + 43,
          count: 1,
          component: "node-controller",
        });
        const evictAt = action.at + 340 + rng.int(0, 8);
        if (evictAt >= now) continue;
        pod.terminatingAt = evictAt;
        events.push({
          involved: { kind: "Pod", name: pod.name, namespace: pod.namespace },
          reason: "TaintManagerEviction",
          message: `Marking for deletion Pod ${pod.namespace}/${pod.name}`,
          type: "Normal",
          first: evictAt,
          last: evictAt,
          count: 1,
          component: "taint-eviction-controller",
        });
        if (pod.owner.kind === "ReplicaSet") {
          const revs = revisions.get(svc.name);
          const rev = revs?.find((r) => r.hash === pod.hash);
          const replacement = newPod(
            svc,
            rev,
            evictAt + rng.int(1, 3),
            nodeCycle(svc, rng.int(0, 5), node.name),
          );
          lifecycleEvents(replacement, svc);
        }
      }
      continue;
    }
    const svc = svcByName.get(action.service);
    if (!svc) throw new Error(`unknown service ${action.service}`);
    if (action.type === "deploy") {
      const revs = revisions.get(svc.name);
      if (!revs) throw new Error(`${svc.name} is not a Deployment`);
      const prev = revs[revs.length - 1] as Revision;
      const rev: Revision = {
        revision: prev.revision + 1,
        hash: rng.fork(`rev/${svc.name}/${action.at}`).chars(10, K8S_ALPHABET),
        version: action.version,
        image: action.image ?? image(svc, action.version),
        createdAt: action.at,
        configChecksum: rng.fork(`sum/${svc.name}/${action.at}`).hex(64),
      };
      revs.push(rev);
      const old = alivePods(svc.name, action.at);
      const oldRs = `${svc.name}-${prev.hash}`;
      const newRs = `${svc.name}-${rev.hash}`;
      if (action.mode === "image-pull") {
        const surge = Math.ceil(old.length * 0.25);
        const unavailable = Math.floor(old.length * 0.25);
        scaledEvent(svc, newRs, surge + unavailable, true, action.at + 1);
        for (let i = 0; i < surge + unavailable; i++) {
          const pod = newPod(svc, rev, action.at + 2, nodeCycle(svc, i + 1));
          pod.runs = [];
          pod.phase = "Pending";
          pod.readyAt = Number.POSITIVE_INFINITY;
          pod.waiting = { reason: "ImagePullBackOff", message: `Back-off pulling image "${rev.image}"` };
          events.push(...imagePullEvents(pod, svc.name, rev.image, action.at, now));
        }
        for (const pod of old.slice(0, unavailable)) {
          stopPod(pod, action.at + 3, svc);
        }
        if (unavailable > 0) scaledEvent(svc, oldRs, old.length - unavailable, false, action.at + 3);
        continue;
      }
      let t = action.at + rng.int(3, 8);
      old.forEach((oldPod, i) => {
        const pod = newPod(svc, rev, t, nodeCycle(svc, i + rng.int(0, 3)));
        // The controller reports many small steps; a recording keeps the first and the last of each direction.
        if (i === 0 || i === old.length - 1) scaledEvent(svc, newRs, i + 1, true, t);
        lifecycleEvents(pod, svc);
        stopPod(oldPod, pod.readyAt + 1, svc);
        if (i === 0 || i === old.length - 1)
          scaledEvent(svc, oldRs, old.length - i - 1, false, pod.readyAt + 1);
        if (action.mode === "crash" && action.crash) {
          const after = action.crash.firstAfter ?? [20, 90];
          crashLoopAt(pod, pod.readyAt + rng.int(after[0], after[1]), action.crash, svc);
        }
        t = pod.readyAt + rng.int(1, 4);
      });
      continue;
    }
    if (action.type === "restart") {
      const pod = alivePods(svc.name, action.at)[action.pod];
      if (!pod) throw new Error(`${svc.name} has no pod ${action.pod} at ${action.at}`);
      const current = pod.runs[pod.runs.length - 1];
      if (current && current.to === undefined) {
        current.to = action.at;
        current.exit = { reason: action.reason, exitCode: action.exitCode };
      }
      pod.runs.push({ from: action.at + rng.int(2, 12) });
      continue;
    }
    if (action.type === "crashloop") {
      const list = alivePods(svc.name, action.from);
      for (const index of action.pods) {
        const pod = list[index];
        if (!pod) throw new Error(`${svc.name} has no pod ${index}`);
        crashLoopAt(pod, action.from + rng.int(0, 40), action, svc);
      }
      continue;
    }
    if (action.type === "scale") {
      const current = alivePods(svc.name, action.at);
      replicas.set(svc.name, action.to);
      const revs = revisions.get(svc.name);
      const rev = revs?.[revs.length - 1];
      if (action.to > current.length) {
        scaledEvent(svc, `${svc.name}-${rev?.hash ?? ""}`, action.to, true, action.at);
        for (let i = current.length; i < action.to; i++) {
          const pod = newPod(svc, rev, action.at + (i - current.length) * 2, nodeCycle(svc, i));
          lifecycleEvents(pod, svc);
        }
      } else {
        for (const pod of current.slice(action.to)) stopPod(pod, action.at, svc);
      }
      continue;
    }
    if (action.type === "job") {
      const node = action.node ? nodeByName.get(action.node) : nodeCycle(svc, 0);
      if (!node) throw new Error(`unknown node ${action.node}`);
      const jobName = `${svc.name}-${Math.floor(action.at / 60)}`;
      const pod = newPod(
        svc,
        undefined,
        action.at + 1,
        node,
        `${jobName}-${rng.fork(jobName).chars(5, K8S_ALPHABET)}`,
      );
      pod.owner = { kind: "Job", name: jobName };
      pod.image = image(svc, svc.version);
      pod.readyAt = pod.createdAt + 4;
      const end = action.at + action.durationSec;
      if (end < now) {
        const run = pod.runs[0];
        if (run) {
          run.to = end;
          run.exit = { reason: "Completed", exitCode: 0 };
        }
        pod.phase = "Succeeded";
      }
      lifecycleEvents(pod, svc);
      events.push({
        involved: { kind: "Job", name: jobName, namespace: pod.namespace, apiVersion: "batch/v1" },
        reason: "SuccessfulCreate",
        message: `Created pod: ${pod.name}`,
        type: "Normal",
        first: action.at + 1,
        last: action.at + 1,
        count: 1,
        component: "job-controller",
      });
      events.push({
        involved: { kind: "CronJob", name: svc.name, namespace: pod.namespace, apiVersion: "batch/v1" },
        reason: "SuccessfulCreate",
        message: `Created job ${jobName}`,
        type: "Normal",
        first: action.at,
        last: action.at,
        count: 1,
        component: "cronjob-controller",
      });
      if (end < now) {
        events.push({
          involved: { kind: "Job", name: jobName, namespace: pod.namespace, apiVersion: "batch/v1" },
          reason: "Completed",
          message: "Job completed",
          type: "Normal",
          first: end + 2,
          last: end + 2,
          count: 1,
          component: "job-controller",
        });
      }
    }
  }

  const visible = pods.filter(
    (p) => p.createdAt <= now && (p.deletedAt === undefined || p.deletedAt > start - 600),
  );
  return {
    pods: visible,
    revisions,
    events: events.filter((e) => e.first <= now && e.last >= now - 3600),
    replicas,
  };
}
