import { describe, expect, it } from "vitest";
import { evaluateKubernetesRules } from "../../../src/analysis/evaluate-kubernetes-rules.ts";
import type { KubeObject } from "../../../src/analysis/kubernetes-object.ts";

const NOW = 1_700_000_000;
const iso = (secondsAgo: number) => new Date((NOW - secondsAgo) * 1000).toISOString();

function pod(
  name: string,
  status: Record<string, unknown>,
  extra: Partial<KubeObject["metadata"]> = {},
  spec = {},
): KubeObject {
  return {
    kind: "Pod",
    metadata: { name, namespace: "shop", ...extra },
    spec: { nodeName: "node-a", ...spec },
    status,
  };
}

function event(
  reason: string,
  message: string,
  involved: { kind: string; name: string },
  secondsAgo = 60,
  count = 1,
): KubeObject {
  return {
    kind: "Event",
    metadata: { name: `${involved.name}.${reason}`, namespace: "shop" },
    involvedObject: { ...involved, namespace: "shop" },
    reason,
    message,
    type: "Warning",
    count,
    firstTimestamp: iso(secondsAgo + 300),
    lastTimestamp: iso(secondsAgo),
  };
}

const oomLooping = pod(
  "checkout-7d9f8b6c5-x2x9q",
  {
    phase: "Running",
    containerStatuses: [
      {
        name: "checkout",
        restartCount: 6,
        state: { waiting: { reason: "CrashLoopBackOff" } },
        lastState: { terminated: { reason: "OOMKilled", exitCode: 137, finishedAt: iso(120) } },
      },
    ],
  },
  { ownerReferences: [{ kind: "ReplicaSet", name: "checkout-7d9f8b6c5" }] },
);

describe("evaluateKubernetesRules", () => {
  it("reports an OOM-killed container in a crash loop as an OOM kill first, mapped to its Deployment", () => {
    const hits = evaluateKubernetesRules([oomLooping], { now: NOW });
    expect(hits.map((hit) => [hit.rule, hit.kind, hit.service, hit.severity])).toEqual([
      ["OOMKilled", "oom-kill", "checkout", 0.9],
      ["CrashLoopBackOff", "crash-loop", "checkout", 0.6],
    ]);
    expect(hits[0]).toMatchObject({
      object: { kind: "Pod", namespace: "shop", name: "checkout-7d9f8b6c5-x2x9q" },
      since: NOW - 120,
    });
  });

  it("merges a pod's status and its events into one hit per rule", () => {
    const hits = evaluateKubernetesRules(
      [
        oomLooping,
        event("OOMKilling", "Memory cgroup out of memory", { kind: "Pod", name: "checkout-7d9f8b6c5-x2x9q" }),
      ],
      { now: NOW },
    );
    expect(hits.filter((hit) => hit.rule === "OOMKilled")).toHaveLength(1);
    expect(hits.find((hit) => hit.rule === "OOMKilled")?.since).toBe(NOW - 360);
  });

  it("flags image pulls, config errors, scheduling and evictions with the kind their message points at", () => {
    const hits = evaluateKubernetesRules(
      [
        pod("cart-5f6585d649-fnmft", {
          containerStatuses: [
            { name: "cart", state: { waiting: { reason: "ImagePullBackOff", message: "manifest unknown" } } },
          ],
        }),
        pod("ledger-6cfdd55578-gfj6q", {
          containerStatuses: [
            { name: "ledger", state: { waiting: { reason: "CreateContainerConfigError" } } },
          ],
        }),
        pod(
          "payments-db-0",
          {
            phase: "Pending",
            conditions: [
              {
                type: "PodScheduled",
                status: "False",
                message: "0/3 nodes are available: 3 Insufficient cpu.",
              },
            ],
          },
          { ownerReferences: [{ kind: "StatefulSet", name: "payments-db" }] },
        ),
        pod("search-7b598fc7d-lmggd", {
          phase: "Failed",
          reason: "Evicted",
          message: "The node was low on resource: ephemeral-storage.",
        }),
      ],
      { now: NOW },
    );
    expect(hits.map((hit) => [hit.rule, hit.kind, hit.service])).toEqual([
      ["ImagePullBackOff", "image-pull", "cart"],
      ["CreateContainerConfigError", "config-change", "ledger"],
      ["Evicted", "disk-full", "search"],
      ["FailedScheduling", "cpu-saturation", "payments-db"],
    ]);
  });

  it("reports node conditions with the services running there", () => {
    const node: KubeObject = {
      kind: "Node",
      metadata: { name: "node-a" },
      status: {
        conditions: [
          { type: "Ready", status: "Unknown", reason: "NodeStatusUnknown", lastTransitionTime: iso(200) },
          { type: "DiskPressure", status: "True", reason: "KubeletHasDiskPressure" },
          { type: "MemoryPressure", status: "False" },
        ],
      },
    };
    const hits = evaluateKubernetesRules([node, oomLooping], { now: NOW }).filter(
      (hit) => hit.object.kind === "Node",
    );
    expect(hits.map((hit) => [hit.rule, hit.kind, hit.service, hit.relatedServices])).toEqual([
      ["NodeNotReady", "node-failure", "node-a", ["checkout"]],
      ["NodeDiskPressure", "disk-full", "node-a", ["checkout"]],
    ]);
    expect(hits[0]?.since).toBe(NOW - 200);
  });

  it("flags an autoscaler stuck at its maximum only while its metric is above target", () => {
    const hpa = (cpu: number): KubeObject => ({
      kind: "HorizontalPodAutoscaler",
      metadata: { name: "checkout", namespace: "shop" },
      spec: {
        maxReplicas: 10,
        scaleTargetRef: { kind: "Deployment", name: "checkout" },
        metrics: [
          {
            type: "Resource",
            resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } },
          },
        ],
      },
      status: {
        currentReplicas: 10,
        currentMetrics: [
          { type: "Resource", resource: { name: "cpu", current: { averageUtilization: cpu } } },
        ],
      },
    });
    expect(evaluateKubernetesRules([hpa(95)], { now: NOW })).toMatchObject([
      { rule: "HPAAtMax", kind: "cpu-saturation", service: "checkout", severity: 0.7 },
    ]);
    expect(evaluateKubernetesRules([hpa(40)], { now: NOW })).toEqual([]);
  });

  it("flags workloads without available replicas, stalled rollouts and services without endpoints", () => {
    const hits = evaluateKubernetesRules(
      [
        {
          kind: "Deployment",
          metadata: { name: "payments", namespace: "shop" },
          spec: { replicas: 3 },
          status: {
            availableReplicas: 0,
            conditions: [{ type: "Progressing", status: "False", reason: "ProgressDeadlineExceeded" }],
          },
        },
        {
          kind: "Deployment",
          metadata: { name: "cart" },
          spec: { replicas: 2 },
          status: { availableReplicas: 2 },
        },
        {
          kind: "Endpoints",
          metadata: { name: "payments", namespace: "shop" },
          subsets: [{ notReadyAddresses: [{}] }],
        },
      ],
      { now: NOW },
    );
    expect(hits.map((hit) => [hit.rule, hit.kind, hit.service])).toEqual([
      ["NoAvailableReplicas", "unknown", "payments"],
      ["RolloutStuck", "bad-deploy", "payments"],
      ["NoEndpoints", "unknown", "payments"],
    ]);
  });

  it("reads failing probes and volume claims from events and maps them to the pod's service", () => {
    const web = pod(
      "web-7d9f8b6c5-x2x9q",
      { phase: "Running" },
      { labels: { "app.kubernetes.io/name": "storefront" } },
      { volumes: [{ name: "data", persistentVolumeClaim: { claimName: "web-data" } }] },
    );
    const hits = evaluateKubernetesRules(
      [
        web,
        event(
          "Unhealthy",
          "Readiness probe failed: HTTP probe failed with statuscode: 503",
          { kind: "Pod", name: web.metadata.name },
          30,
          21,
        ),
        {
          kind: "PersistentVolumeClaim",
          metadata: { name: "web-data", namespace: "shop" },
          status: { phase: "Pending" },
        },
      ],
      { now: NOW },
    );
    expect(hits.map((hit) => [hit.rule, hit.kind, hit.service, hit.severity])).toEqual([
      ["ProbeFailing", "unknown", "storefront", 0.6],
      ["PVCPending", "unknown", "storefront", 0.5],
    ]);
  });

  it("blames the node, not the pod, for the NodeNotReady events posted on its pods", () => {
    const hits = evaluateKubernetesRules(
      [
        oomLooping,
        event("NodeNotReady", "Node is not ready", { kind: "Pod", name: oomLooping.metadata.name }),
      ],
      { now: NOW },
    ).filter((hit) => hit.rule === "NodeNotReady");
    expect(hits).toMatchObject([
      { kind: "node-failure", service: "node-a", relatedServices: ["checkout"], severity: 0.7 },
    ]);
  });

  it("ignores Normal events and Warning events older than the look-back", () => {
    const normal = {
      ...event("Pulled", "Successfully pulled image", { kind: "Pod", name: "x-0" }),
      type: "Normal",
    };
    const old = event("BackOff", "Back-off restarting failed container", { kind: "Pod", name: "x-0" }, 7200);
    expect(evaluateKubernetesRules([normal, old], { now: NOW })).toEqual([]);
    expect(evaluateKubernetesRules([old], { now: NOW, lookbackSeconds: 10_000 })).toMatchObject([
      { rule: "CrashLoopBackOff", service: "x" },
    ]);
  });
});
