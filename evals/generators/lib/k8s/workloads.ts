import type { Revision, ServiceDef } from "../model.ts";
import { iso } from "../time.ts";
import type { World } from "../world.ts";
import { aliveAt, meta, template } from "./object-meta.ts";
import { appLabels, type Json } from "./pod.ts";

/** A StatefulSet and the PersistentVolumeClaims of its pods, as of `now`. */
export function statefulSetObjects(world: World, svc: ServiceDef, rev: Revision, partOf: string): Json[] {
  const now = world.now;
  const namespace = world.namespaceOf(svc.name);
  const pods = world.podsOf(svc.name).filter((p) => aliveAt(p, now));
  const ready = pods.filter((p) => world.serving(p, now)).length;
  const revision = `${svc.name}-${rev.hash}`;
  const sts: Json = {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: meta(world, "StatefulSet", svc.name, namespace, rev.createdAt, {
      generation: 3,
      labels: appLabels(svc, partOf),
    }),
    spec: {
      podManagementPolicy: "OrderedReady",
      replicas: svc.replicas,
      revisionHistoryLimit: 10,
      selector: { matchLabels: appLabels(svc, partOf) },
      serviceName: svc.name,
      template: template(world, svc, rev, partOf),
      updateStrategy: { rollingUpdate: { partition: 0 }, type: "RollingUpdate" },
      volumeClaimTemplates: svc.pvcGi
        ? [
            {
              apiVersion: "v1",
              kind: "PersistentVolumeClaim",
              metadata: { creationTimestamp: null, name: "data" },
              spec: {
                accessModes: ["ReadWriteOnce"],
                resources: { requests: { storage: `${svc.pvcGi}Gi` } },
                volumeMode: "Filesystem",
              },
              status: { phase: "Pending" },
            },
          ]
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
    const storageClass =
      world.platform.cluster.provider === "eks"
        ? "gp3"
        : world.platform.cluster.provider === "gke"
          ? "standard-rwo"
          : world.platform.cluster.provider === "aks"
            ? "managed-csi"
            : "local-path";
    for (const pod of pods) {
      out.push({
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        metadata: meta(world, "PersistentVolumeClaim", `data-${pod.name}`, namespace, rev.createdAt + 5, {
          annotations: {
            "pv.kubernetes.io/bind-completed": "yes",
            "pv.kubernetes.io/bound-by-controller": "yes",
            "volume.kubernetes.io/selected-node": pod.node,
          },
          finalizers: ["kubernetes.io/pvc-protection"],
          labels: appLabels(svc, partOf),
        }),
        spec: {
          accessModes: ["ReadWriteOnce"],
          resources: { requests: { storage: `${svc.pvcGi}Gi` } },
          storageClassName: storageClass,
          volumeMode: "Filesystem",
          volumeName: `pvc-${world.rng.fork(`pv/${pod.name}`).uuid()}`,
        },
        status: { accessModes: ["ReadWriteOnce"], capacity: { storage: `${svc.pvcGi}Gi` }, phase: "Bound" },
      });
    }
  }
  return out;
}

/** A CronJob and the Jobs it ran in the window. */
export function cronJobObjects(world: World, svc: ServiceDef, partOf: string): Json[] {
  const now = world.now;
  const namespace = world.namespaceOf(svc.name);
  const jobs = world.podsOf(svc.name).filter((p) => p.owner.kind === "Job" && aliveAt(p, now));
  const active = jobs.filter((p) => p.phase === "Running");
  const lastJob = jobs[jobs.length - 1];
  const status: Json = {};
  if (active.length > 0)
    status.active = active.map((p) => ({
      apiVersion: "batch/v1",
      kind: "Job",
      name: p.owner.name,
      namespace,
      resourceVersion: "1",
      uid: world.rng.fork(`uid/Job/${p.owner.name}`).uuid(),
    }));
  status.lastScheduleTime = iso(lastJob ? lastJob.createdAt - 1 : now - 3600 * 5);
  const done = jobs.filter((p) => p.phase === "Succeeded").pop();
  if (done) status.lastSuccessfulTime = iso(done.runs[0]?.to ?? now);
  const rev: Revision = {
    revision: 1,
    hash: "",
    version: svc.version,
    image: `${world.platform.cluster.registry}/${svc.image}:${svc.version}`,
    createdAt: now - 86400 * 40,
    configChecksum: "",
  };
  const cronjob: Json = {
    apiVersion: "batch/v1",
    kind: "CronJob",
    metadata: meta(world, "CronJob", svc.name, namespace, now - 86400 * 40, {
      generation: 4,
      labels: appLabels(svc, partOf),
    }),
    spec: {
      concurrencyPolicy: "Forbid",
      failedJobsHistoryLimit: 1,
      jobTemplate: {
        metadata: { creationTimestamp: null },
        spec: {
          backoffLimit: 2,
          template: {
            ...template(world, svc, rev, partOf),
            spec: { ...(template(world, svc, rev, partOf).spec as Json), restartPolicy: "OnFailure" },
          },
        },
      },
      schedule: svc.schedule ?? "0 * * * *",
      successfulJobsHistoryLimit: 3,
      suspend: false,
    },
    status,
  };
  const jobObjects = jobs.map((p) => {
    const finished = p.phase === "Succeeded";
    const jobStatus: Json = finished
      ? {
          completionTime: iso(p.runs[0]?.to ?? now),
          conditions: [
            {
              lastProbeTime: iso(p.runs[0]?.to ?? now),
              lastTransitionTime: iso(p.runs[0]?.to ?? now),
              status: "True",
              type: "Complete",
            },
          ],
          ready: 0,
          startTime: iso(p.createdAt - 1),
          succeeded: 1,
          terminating: 0,
          uncountedTerminatedPods: {},
        }
      : { active: 1, ready: 1, startTime: iso(p.createdAt - 1), terminating: 0, uncountedTerminatedPods: {} };
    return {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: meta(world, "Job", p.owner.name, namespace, p.createdAt - 1, {
        annotations: { "batch.kubernetes.io/cronjob-scheduled-timestamp": iso(p.createdAt - 1) },
        generation: 1,
        labels: { ...appLabels(svc, partOf), "batch.kubernetes.io/job-name": p.owner.name },
        ownerReferences: [
          {
            apiVersion: "batch/v1",
            blockOwnerDeletion: true,
            controller: true,
            kind: "CronJob",
            name: svc.name,
            uid: world.rng.fork(`uid/CronJob/${svc.name}`).uuid(),
          },
        ],
      }),
      spec: { backoffLimit: 2, completionMode: "NonIndexed", completions: 1, parallelism: 1, suspend: false },
      status: jobStatus,
    };
  });
  return [cronjob, ...jobObjects];
}

/** An autoscaling/v2 HorizontalPodAutoscaler whose status follows the pods and their CPU. */
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
    metadata: meta(world, "HorizontalPodAutoscaler", svc.name, namespace, now - 86400 * 60, {
      labels: appLabels(svc, partOf),
    }),
    spec: {
      maxReplicas: hpa.max,
      metrics: [
        {
          resource: { name: "cpu", target: { averageUtilization: hpa.cpuTarget, type: "Utilization" } },
          type: "Resource",
        },
      ],
      minReplicas: hpa.min,
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: svc.name },
    },
    status: {
      conditions: [
        {
          lastTransitionTime: iso(now - 86400 * 3),
          message: "recommended size matches current size",
          reason: "ReadyForNewScale",
          status: "True",
          type: "AbleToScale",
        },
        {
          lastTransitionTime: iso(now - 86400 * 3),
          message:
            "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)",
          reason: "ValidMetricFound",
          status: "True",
          type: "ScalingActive",
        },
        limited
          ? {
              lastTransitionTime: iso(Math.min(now, scaledAt + 30)),
              message: "the desired replica count is more than the maximum replica count",
              reason: "TooManyReplicas",
              status: "True",
              type: "ScalingLimited",
            }
          : {
              lastTransitionTime: iso(now - 86400),
              message: "the desired count is within the acceptable range",
              reason: "DesiredWithinRange",
              status: "False",
              type: "ScalingLimited",
            },
      ],
      currentMetrics: [
        {
          resource: {
            current: { averageUtilization: utilization, averageValue: `${Math.round(avgCpu * 1000)}m` },
            name: "cpu",
          },
          type: "Resource",
        },
      ],
      currentReplicas: current,
      desiredReplicas: desired,
      lastScaleTime: iso(Number.isFinite(scaledAt) ? scaledAt : now - 7200),
    },
  };
}

/** A workload's ConfigMap as Helm renders it. */
export function configMapObject(
  world: World,
  svc: ServiceDef,
  data: Record<string, string>,
  updatedAt: number,
  partOf: string,
): Json {
  return {
    apiVersion: "v1",
    data,
    kind: "ConfigMap",
    metadata: meta(
      world,
      "ConfigMap",
      `${svc.name}-config`,
      world.namespaceOf(svc.name),
      updatedAt - 86400 * 50,
      {
        annotations: {
          "meta.helm.sh/release-name": svc.name,
          "meta.helm.sh/release-namespace": world.namespaceOf(svc.name),
        },
        labels: { ...appLabels(svc, partOf), "app.kubernetes.io/managed-by": "Helm" },
      },
    ),
  };
}
