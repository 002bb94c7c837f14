import type { PodPlan, Revision, ServiceDef } from "../model.ts";
import { iso } from "../time.ts";
import type { World } from "../world.ts";
import { appLabels, containerSpec, type Json } from "./pod.ts";

const aliveAt = (pod: PodPlan, t: number) => pod.createdAt <= t && (pod.deletedAt === undefined || t < pod.deletedAt);

function meta(world: World, kind: string, name: string, namespace: string | undefined, createdAt: number, extra: Json = {}): Json {
  const rng = world.rng.fork(`meta/${kind}/${namespace ?? ""}/${name}`);
  const out: Json = {
    ...extra,
    creationTimestamp: iso(createdAt),
    name,
    resourceVersion: String(rng.int(10_000_000, 99_999_999)),
    uid: world.rng.fork(`uid/${kind}/${name}`).uuid(),
  };
  if (namespace) out.namespace = namespace;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

function template(world: World, svc: ServiceDef, rev: Revision, partOf: string, hash?: string): Json {
  const labels: Record<string, string> = { ...appLabels(svc, partOf) };
  if (hash) labels["pod-template-hash"] = hash;
  return {
    metadata: { annotations: { "checksum/config": rev.configChecksum }, creationTimestamp: null, labels },
    spec: {
      containers: [containerSpec(svc, rev.image, world.rng.fork(`tpl/${svc.name}/${rev.revision}`))],
      dnsPolicy: "ClusterFirst",
      restartPolicy: "Always",
      schedulerName: "default-scheduler",
      securityContext: {},
      serviceAccountName: svc.name,
      terminationGracePeriodSeconds: 30,
    },
  };
}

/** A Deployment and its ReplicaSets (the current one and those the window saw), as of `now`. */
export function deploymentObjects(world: World, svc: ServiceDef, revisions: Revision[], partOf: string): Json[] {
  const now = world.now;
  const namespace = world.namespaceOf(svc.name);
  const desired = world.planning.replicas.get(svc.name) ?? svc.replicas;
  const newest = revisions[revisions.length - 1] as Revision;
  const pods = world.podsOf(svc.name).filter((p) => aliveAt(p, now) && p.terminatingAt === undefined);
  const ready = pods.filter((p) => world.serving(p, now) || (p.unreachableFrom !== undefined && now < p.unreachableFrom + 40));
  const updated = pods.filter((p) => p.hash === newest.hash);
  const createdAt = (revisions[0]?.createdAt ?? now) - 86400 * 30;
  const maxUnavailable = Math.floor(desired * 0.25);
  const available = ready.length >= desired - maxUnavailable;
  const rolledOut = updated.length === pods.length && updated.length >= desired;
  const stuck = !rolledOut && now - newest.createdAt > 600;
  const newRs = `${svc.name}-${newest.hash}`;
  const generation = newest.revision * 2 + 3;
  const conditions = [
    {
      lastTransitionTime: iso(available ? Math.max(newest.createdAt, now - 86400 * 2) : now - 60),
      lastUpdateTime: iso(available ? Math.max(newest.createdAt, now - 86400 * 2) : now - 60),
      message: available ? "Deployment has minimum availability." : "Deployment does not have minimum availability.",
      reason: available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
      status: available ? "True" : "False",
      type: "Available",
    },
    {
      lastTransitionTime: iso(stuck ? newest.createdAt + 600 : newest.createdAt),
      lastUpdateTime: iso(rolledOut ? Math.max(...updated.map((p) => p.readyAt).filter(Number.isFinite), newest.createdAt) : now - 5),
      message: rolledOut
        ? `ReplicaSet "${newRs}" has successfully progressed.`
        : stuck
          ? `ReplicaSet "${newRs}" has timed out progressing.`
          : `ReplicaSet "${newRs}" is progressing.`,
      reason: rolledOut ? "NewReplicaSetAvailable" : stuck ? "ProgressDeadlineExceeded" : "ReplicaSetUpdated",
      status: stuck ? "False" : "True",
      type: "Progressing",
    },
  ];
  const status: Json = {
    availableReplicas: ready.length,
    conditions,
    observedGeneration: generation,
    readyReplicas: ready.length,
    replicas: pods.length,
    updatedReplicas: updated.length,
  };
  if (pods.length - ready.length > 0) status.unavailableReplicas = pods.length - ready.length;
  if (ready.length === 0) delete status.availableReplicas;
  if (ready.length === 0) delete status.readyReplicas;
  const deployment = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: meta(world, "Deployment", svc.name, namespace, createdAt, {
      annotations: {
        "deployment.kubernetes.io/revision": String(newest.revision),
        "meta.helm.sh/release-name": svc.name,
        "meta.helm.sh/release-namespace": namespace,
      },
      generation,
      labels: { ...appLabels(svc, partOf), "app.kubernetes.io/managed-by": "Helm", "app.kubernetes.io/version": newest.version, "helm.sh/chart": `${svc.name}-${newest.version}` },
    }),
    spec: {
      progressDeadlineSeconds: 600,
      replicas: desired,
      revisionHistoryLimit: 10,
      selector: { matchLabels: appLabels(svc, partOf) },
      strategy: { rollingUpdate: { maxSurge: "25%", maxUnavailable: "25%" }, type: "RollingUpdate" },
      template: template(world, svc, newest, partOf),
    },
    status,
  };
  const replicaSets = revisions.slice(-3).map((rev) => {
    const own = world.podsOf(svc.name).filter((p) => p.hash === rev.hash && aliveAt(p, now) && p.terminatingAt === undefined);
    const rsReady = own.filter((p) => world.serving(p, now));
    const name = `${svc.name}-${rev.hash}`;
    const rsStatus: Json = { fullyLabeledReplicas: own.length, observedGeneration: 2, replicas: own.length };
    if (own.length === 0) delete rsStatus.fullyLabeledReplicas;
    if (rsReady.length > 0) {
      rsStatus.availableReplicas = rsReady.length;
      rsStatus.readyReplicas = rsReady.length;
    }
    return {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: meta(world, "ReplicaSet", name, namespace, rev.createdAt, {
        annotations: {
          "deployment.kubernetes.io/desired-replicas": String(desired),
          "deployment.kubernetes.io/max-replicas": String(desired + Math.ceil(desired * 0.25)),
          "deployment.kubernetes.io/revision": String(rev.revision),
        },
        generation: 2,
        labels: { ...appLabels(svc, partOf), "pod-template-hash": rev.hash },
        ownerReferences: [{ apiVersion: "apps/v1", blockOwnerDeletion: true, controller: true, kind: "Deployment", name: svc.name, uid: world.rng.fork(`uid/Deployment/${svc.name}`).uuid() }],
      }),
      spec: {
        replicas: rev === newest ? (own.length > 0 || rolledOut ? Math.max(own.length, rolledOut ? desired : own.length) : own.length) : own.length,
        selector: { matchLabels: { ...appLabels(svc, partOf), "pod-template-hash": rev.hash } },
        template: template(world, svc, rev, partOf, rev.hash),
      },
      status: rsStatus,
    };
  });
  return [deployment, ...replicaSets];
}

export function statefulSetObjects(world: World, svc: ServiceDef, rev: Revision, partOf: string): Json[] {
  const now = world.now;
  const namespace = world.namespaceOf(svc.name);
  const pods = world.podsOf(svc.name).filter((p) => aliveAt(p, now));
  const ready = pods.filter((p) => world.serving(p, now)).length;
  const revision = `${svc.name}-${rev.hash}`;
  const sts: Json = {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: meta(world, "StatefulSet", svc.name, namespace, rev.createdAt, { generation: 3, labels: appLabels(svc, partOf) }),
    spec: {
      podManagementPolicy: "OrderedReady",
      replicas: svc.replicas,
      revisionHistoryLimit: 10,
      selector: { matchLabels: appLabels(svc, partOf) },
      serviceName: svc.name,
      template: template(world, svc, rev, partOf),
      updateStrategy: { rollingUpdate: { partition: 0 }, type: "RollingUpdate" },
      volumeClaimTemplates: svc.pvcGi
        ? [{ apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { creationTimestamp: null, name: "data" }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: `${svc.pvcGi}Gi` } }, volumeMode: "Filesystem" }, status: { phase: "Pending" } }]
        : [],
    },
    status: {
      availableReplicas: ready,
      collisionCount: 0,
      currentReplicas: svc.replicas,
      currentRevision: revision,
      observedGeneration: 3,
      readyReplicas: ready,
      replicas: svc.replicas,
      updateRevision: revision,
      updatedReplicas: svc.replicas,
    },
  };
  const out: Json[] = [sts];
  if (svc.pvcGi) {
    const storageClass = world.platform.cluster.provider === "eks" ? "gp3" : world.platform.cluster.provider === "gke" ? "standard-rwo" : world.platform.cluster.provider === "aks" ? "managed-csi" : "local-path";
    for (const pod of pods) {
      out.push({
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        metadata: meta(world, "PersistentVolumeClaim", `data-${pod.name}`, namespace, rev.createdAt + 5, {
          annotations: { "pv.kubernetes.io/bind-completed": "yes", "pv.kubernetes.io/bound-by-controller": "yes", "volume.kubernetes.io/selected-node": pod.node },
          finalizers: ["kubernetes.io/pvc-protection"],
          labels: appLabels(svc, partOf),
        }),
        spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: `${svc.pvcGi}Gi` } }, storageClassName: storageClass, volumeMode: "Filesystem", volumeName: `pvc-${world.rng.fork(`pv/${pod.name}`).uuid()}` },
        status: { accessModes: ["ReadWriteOnce"], capacity: { storage: `${svc.pvcGi}Gi` }, phase: "Bound" },
      });
    }
  }
  return out;
}

export function cronJobObjects(world: World, svc: ServiceDef, partOf: string): Json[] {
  const now = world.now;
  const namespace = world.namespaceOf(svc.name);
  const jobs = world.podsOf(svc.name).filter((p) => p.owner.kind === "Job" && aliveAt(p, now));
  const active = jobs.filter((p) => p.phase === "Running");
  const lastJob = jobs[jobs.length - 1];
  const status: Json = {};
  if (active.length > 0) status.active = active.map((p) => ({ apiVersion: "batch/v1", kind: "Job", name: p.owner.name, namespace, resourceVersion: "1", uid: world.rng.fork(`uid/Job/${p.owner.name}`).uuid() }));
  status.lastScheduleTime = iso(lastJob ? lastJob.createdAt - 1 : now - 3600 * 5);
  const done = jobs.filter((p) => p.phase === "Succeeded").pop();
  if (done) status.lastSuccessfulTime = iso(done.runs[0]?.to ?? now);
  const rev: Revision = { revision: 1, hash: "", version: svc.version, image: `${world.platform.cluster.registry}/${svc.image}:${svc.version}`, createdAt: now - 86400 * 40, configChecksum: "" };
  const cronjob: Json = {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: meta(world, "CronJob", svc.name, namespace, now - 86400 * 40, { generation: 4, labels: appLabels(svc, partOf) }),
    spec: {
      concurrencyPolicy: "Forbid",
      failedJobsHistoryLimit: 1,
      jobTemplate: { metadata: { creationTimestamp: null }, spec: { backoffLimit: 2, template: { ...template(world, svc, rev, partOf), spec: { ...(template(world, svc, rev, partOf).spec as Json), restartPolicy: "OnFailure" } } } },
      schedule: svc.schedule ?? "0 * * * *",
      successfulJobsHistoryLimit: 3,
      suspend: false,
    },
    status,
  };
  const jobObjects = jobs.map((p) => {
    const finished = p.phase === "Succeeded";
    const jobStatus: Json = finished
      ? { completionTime: iso(p.runs[0]?.to ?? now), conditions: [{ lastProbeTime: iso(p.runs[0]?.to ?? now), lastTransitionTime: iso(p.runs[0]?.to ?? now), status: "True", type: "Complete" }], ready: 0, startTime: iso(p.createdAt - 1), succeeded: 1, terminating: 0, uncountedTerminatedPods: {} }
      : { active: 1, ready: 1, startTime: iso(p.createdAt - 1), terminating: 0, uncountedTerminatedPods: {} };
    return {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: meta(world, "Job", p.owner.name, namespace, p.createdAt - 1, {
        annotations: { "batch.kubernetes.io/cronjob-scheduled-timestamp": iso(p.createdAt - 1) },
        generation: 1,
        labels: { ...appLabels(svc, partOf), "batch.kubernetes.io/job-name": p.owner.name },
        ownerReferences: [{ apiVersion: "batch/v1", blockOwnerDeletion: true, controller: true, kind: "CronJob", name: svc.name, uid: world.rng.fork(`uid/CronJob/${svc.name}`).uuid() }],
      }),
      spec: { backoffLimit: 2, completionMode: "NonIndexed", completions: 1, parallelism: 1, suspend: false },
      status: jobStatus,
    };
  });
  return [cronjob, ...jobObjects];
}

export function hpaObject(world: World, svc: ServiceDef, partOf: string): Json | null {
  const hpa = svc.hpa;
  if (!hpa) return null;
  const now = world.now;
  const namespace = world.namespaceOf(svc.name);
  const pods = world.podsOf(svc.name).filter((p) => aliveAt(p, now) && p.terminatingAt === undefined);
  const current = Math.max(hpa.min, pods.length);
  const serving = pods.filter((p) => world.serving(p, now));
  const avgCpu = serving.reduce((sum, p) => sum + world.podCpu(p, now).used, 0) / Math.max(1, serving.length);
  const utilization = Math.round((100 * avgCpu) / svc.cpuRequest);
  const wanted = Math.ceil((current * utilization) / hpa.cpuTarget);
  const desired = Math.min(hpa.max, Math.max(hpa.min, wanted));
  const limited = wanted > hpa.max;
  const scaledAt = Math.max(...pods.map((p) => p.createdAt));
  return {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: meta(world, "HorizontalPodAutoscaler", svc.name, namespace, now - 86400 * 60, { labels: appLabels(svc, partOf) }),
    spec: {
      maxReplicas: hpa.max,
      metrics: [{ resource: { name: "cpu", target: { averageUtilization: hpa.cpuTarget, type: "Utilization" } }, type: "Resource" }],
      minReplicas: hpa.min,
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: svc.name },
    },
    status: {
      conditions: [
        { lastTransitionTime: iso(now - 86400 * 3), message: "recommended size matches current size", reason: "ReadyForNewScale", status: "True", type: "AbleToScale" },
        { lastTransitionTime: iso(now - 86400 * 3), message: "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)", reason: "ValidMetricFound", status: "True", type: "ScalingActive" },
        limited
          ? { lastTransitionTime: iso(Math.min(now, scaledAt + 30)), message: "the desired replica count is more than the maximum replica count", reason: "TooManyReplicas", status: "True", type: "ScalingLimited" }
          : { lastTransitionTime: iso(now - 86400), message: "the desired count is within the acceptable range", reason: "DesiredWithinRange", status: "False", type: "ScalingLimited" },
      ],
      currentMetrics: [{ resource: { current: { averageUtilization: utilization, averageValue: `${Math.round(avgCpu * 1000)}m` }, name: "cpu" }, type: "Resource" }],
      currentReplicas: current,
      desiredReplicas: desired,
      lastScaleTime: iso(Number.isFinite(scaledAt) ? scaledAt : now - 7200),
    },
  };
}

export function configMapObject(world: World, svc: ServiceDef, data: Record<string, string>, updatedAt: number, partOf: string): Json {
  return {
    apiVersion: "v1",
    data,
    kind: "ConfigMap",
    metadata: meta(world, "ConfigMap", `${svc.name}-config`, world.namespaceOf(svc.name), updatedAt - 86400 * 50, {
      annotations: { "meta.helm.sh/release-name": svc.name, "meta.helm.sh/release-namespace": world.namespaceOf(svc.name) },
      labels: { ...appLabels(svc, partOf), "app.kubernetes.io/managed-by": "Helm" },
    }),
  };
}
