import type { Hypothesis } from "../../../src/domain/rca.ts";
import type { MitigationTarget } from "../../../src/domain/root-cause.ts";
import type {
  ActionRequest,
  ExecutePorts,
  PlanPorts,
} from "../../../src/mitigation/actions/catalog-action.ts";
import {
  DEFAULT_MITIGATION_POLICY,
  type MitigationPolicy,
} from "../../../src/mitigation/mitigation-policy.ts";
import type { ChangeEvent } from "../../../src/ports/change-source.ts";
import type { KubernetesObject } from "../../../src/ports/cluster-reader.ts";
import type { InMemoryCluster } from "../../support/in-memory-cluster.ts";

const template = (image: string, hash?: string) => ({
  metadata: {
    annotations: { "checksum/config": `sum-${image}` },
    labels: { app: "checkout", ...(hash ? { "pod-template-hash": hash } : {}) },
  },
  spec: {
    containers: [
      {
        name: "checkout",
        image,
        env: [
          { name: "LOG_LEVEL", value: "debug" },
          {
            name: "PAYMENT_TIMEOUT_MS",
            valueFrom: { configMapKeyRef: { name: "checkout-tuning", key: "timeout" } },
          },
          { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: "db-creds-v2", key: "password" } } },
        ],
        envFrom: [{ configMapRef: { name: "checkout-config" } }],
      },
    ],
  },
});

export function checkoutDeployment(): KubernetesObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name: "checkout",
      namespace: "shop",
      annotations: { "deployment.kubernetes.io/revision": "7" },
      labels: { app: "checkout" },
    },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: "checkout" } },
      template: template("checkout:2.41.0"),
    },
    status: { replicas: 3, readyReplicas: 3 },
  };
}

function replicaSet(revision: number, image: string, hash: string): KubernetesObject {
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: {
      name: `checkout-${hash}`,
      namespace: "shop",
      annotations: { "deployment.kubernetes.io/revision": String(revision) },
      labels: { app: "checkout", "pod-template-hash": hash },
      ownerReferences: [{ kind: "Deployment", name: "checkout" }],
    },
    spec: { replicas: revision === 7 ? 3 : 0, template: template(image, hash) },
  };
}

function node(name: string, extra: Record<string, unknown> = {}): KubernetesObject {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { "kubernetes.io/hostname": name } },
    spec: { podCIDR: "10.0.0.0/24", ...extra },
    status: { conditions: [{ type: "Ready", status: "True" }] },
  };
}

/** A small shop: checkout with three revisions, its HPA and ConfigMaps, two nodes, kube-system DNS. */
export function shopObjects(): KubernetesObject[] {
  return [
    checkoutDeployment(),
    replicaSet(5, "checkout:2.40.2", "aaa111"),
    replicaSet(6, "checkout:2.40.3", "bbb222"),
    replicaSet(7, "checkout:2.41.0", "ccc333"),
    {
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      metadata: { name: "checkout", namespace: "shop" },
      spec: {
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "checkout" },
        minReplicas: 2,
        maxReplicas: 5,
      },
    },
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "checkout-config", namespace: "shop" },
      data: { FEATURE_SPLIT_TENDER: "true", UPSTREAM_TIMEOUT_MS: "300" },
    },
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "checkout-tuning", namespace: "shop" },
      data: { timeout: "250" },
    },
    node("node-a"),
    node("node-b"),
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: {
        name: "coredns",
        namespace: "kube-system",
        annotations: { "deployment.kubernetes.io/revision": "3" },
      },
      spec: {
        replicas: 2,
        template: {
          metadata: { labels: { k8s: "dns" } },
          spec: { containers: [{ name: "coredns", image: "coredns:1.11" }] },
        },
      },
    },
  ];
}

export const CHANGES: ChangeEvent[] = [
  {
    id: "deploy-7",
    kind: "deploy",
    service: "checkout",
    namespace: "shop",
    at: "2024-09-17T18:40:00Z",
    from: "2.40.3",
    to: "2.41.0",
  },
  {
    id: "config-timeout",
    kind: "config",
    service: "checkout",
    namespace: "shop",
    at: "2024-09-17T18:41:00Z",
    from: "UPSTREAM_TIMEOUT_MS=3000",
    to: "UPSTREAM_TIMEOUT_MS=300",
  },
  {
    id: "config-log",
    kind: "config",
    service: "checkout",
    at: "2024-09-17T18:42:00Z",
    from: "LOG_LEVEL=info",
    to: "LOG_LEVEL=debug",
  },
  {
    id: "config-ref",
    kind: "config",
    service: "checkout",
    at: "2024-09-17T18:43:00Z",
    from: "PAYMENT_TIMEOUT_MS=2500",
    to: "PAYMENT_TIMEOUT_MS=250",
  },
  {
    id: "config-secret",
    kind: "config",
    service: "checkout",
    at: "2024-09-17T18:44:00Z",
    from: "DB_PASSWORD=db-creds-v1",
    to: "DB_PASSWORD=db-creds-v2",
  },
];

export const NOW = new Date("2024-09-17T18:50:00Z");

export function hypothesis(overrides: Partial<Hypothesis> = {}): Hypothesis {
  return {
    service: "checkout",
    kind: "bad-deploy",
    confidence: 0.9,
    evidenceIds: [],
    explanation: "errors began after the deploy",
    causalChain: ["checkout"],
    ...overrides,
  };
}

export function request(
  target: MitigationTarget,
  overrides: { hypothesis?: Hypothesis; policy?: MitigationPolicy } = {},
): ActionRequest {
  return {
    incidentId: "00000000-0000-4000-8000-000000000001",
    target,
    hypothesis: overrides.hypothesis ?? hypothesis(),
    window: { start: Date.parse("2024-09-17T18:00:00Z") / 1000, end: NOW.getTime() / 1000 },
    policy: overrides.policy ?? DEFAULT_MITIGATION_POLICY,
    now: NOW,
  };
}

export function planPorts(cluster: InMemoryCluster, extra: Partial<PlanPorts> = {}): PlanPorts {
  return {
    cluster: cluster.cluster,
    changes: { list: async () => CHANGES },
    flags: null,
    failover: null,
    ...extra,
  };
}

export function executePorts(cluster: InMemoryCluster, extra: Partial<ExecutePorts> = {}): ExecutePorts {
  return {
    cluster: cluster.cluster,
    writer: cluster.cluster,
    flags: null,
    failover: null,
    clock: { now: () => NOW },
    sleep: async () => undefined,
    ...extra,
  };
}

/** An object as compared across a round trip: the server's own version counter aside. */
export function withoutVersion(object: KubernetesObject | null): unknown {
  if (!object) return null;
  const copy = structuredClone(object);
  delete copy.metadata.resourceVersion;
  return copy;
}
