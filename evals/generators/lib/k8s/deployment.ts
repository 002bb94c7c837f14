import type { Revision, ServiceDef } from "../model.ts";
import { iso } from "../time.ts";
import type { World } from "../world.ts";
import { aliveAt, meta, template } from "./object-meta.ts";
import { appLabels, type Json } from "./pod.ts";

/** A Deployment and its ReplicaSets (the current one and those the window saw), as of `now`. */
export function deploymentObjects(
  world: World,
  svc: ServiceDef,
  revisions: Revision[],
  partOf: string,
): Json[] {
  const now = world.now;
  const namespace = world.namespaceOf(svc.name);
  const desired = world.planning.replicas.get(svc.name) ?? svc.replicas;
  const newest = revisions[revisions.length - 1] as Revision;
  const pods = world.podsOf(svc.name).filter((p) => aliveAt(p, now) && p.terminatingAt === undefined);
  const ready = pods.filter(
    (p) => world.serving(p, now) || (p.unreachableFrom !== undefined && now < p.unreachableFrom + 40),
  );
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
      lastTransitionTime: iso(available ? createdAt + 40 : now - 60),
      lastUpdateTime: iso(available ? createdAt + 40 : now - 60),
      message: available
        ? "Deployment has minimum availability."
        : "Deployment does not have minimum availability.",
      reason: available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
      status: available ? "True" : "False",
      type: "Available",
    },
    {
      lastTransitionTime: iso(stuck ? newest.createdAt + 600 : newest.createdAt),
      lastUpdateTime: iso(
        rolledOut
          ? Math.max(...updated.map((p) => p.readyAt).filter(Number.isFinite), newest.createdAt)
          : now - 5,
      ),
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
      labels: {
        ...appLabels(svc, partOf),
        "app.kubernetes.io/managed-by": "Helm",
        "app.kubernetes.io/version": newest.version,
        "helm.sh/chart": `${svc.name}-${newest.version}`,
      },
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
  // Recorded like `kubectl get rs` filtered to what matters: the current ReplicaSet, plus the ones a rollout in the window touched.
  const touched = revisions.filter(
    (rev, i) => rev.createdAt >= world.start || (revisions[i + 1]?.createdAt ?? 0) >= world.start,
  );
  const replicaSets = touched.slice(-3).map((rev) => {
    const own = world
      .podsOf(svc.name)
      .filter((p) => p.hash === rev.hash && aliveAt(p, now) && p.terminatingAt === undefined);
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
        ownerReferences: [
          {
            apiVersion: "apps/v1",
            blockOwnerDeletion: true,
            controller: true,
            kind: "Deployment",
            name: svc.name,
            uid: world.rng.fork(`uid/Deployment/${svc.name}`).uuid(),
          },
        ],
      }),
      spec: {
        replicas:
          rev === newest
            ? own.length > 0 || rolledOut
              ? Math.max(own.length, rolledOut ? desired : own.length)
              : own.length
            : own.length,
        selector: { matchLabels: { ...appLabels(svc, partOf), "pod-template-hash": rev.hash } },
        template: template(world, svc, rev, partOf, rev.hash),
      },
      status: rsStatus,
    };
  });
  return [deployment, ...replicaSets];
}
