import { nodeUsage } from "../metrics/infra.ts";
import type { EventRecord, NodeDef } from "../model.ts";
import { iso } from "../time.ts";
import type { World } from "../world.ts";
import type { Json } from "./pod.ts";

/** A Node as `kubectl get node -o json` prints it (image list trimmed to a few entries). */
export function nodeObject(world: World, node: NodeDef): Json {
  const { cluster } = world.platform;
  const rng = world.rng.fork(`k8s/node/${node.name}`);
  const now = world.now;
  const down = world.effects.list(node.name, "down")[0]?.at;
  const lost = down !== undefined && now >= down + 40;
  const created = now - 86400 * rng.int(3, 40);
  const usage = nodeUsage(world, node, Math.min(now, down ?? now));
  const diskUsed = 0.38 + (node.ip.length % 7) * 0.03 + world.ch(node.name, "diskUsed", now);
  const heartbeat = iso(lost ? (down ?? now) : now - rng.int(5, 50));
  const since = iso(created + 40);
  const cond = (type: string, ok: boolean, reason: string, message: string, at = since) =>
    lost
      ? {
          lastHeartbeatTime: heartbeat,
          lastTransitionTime: iso((down ?? now) + 40),
          message: "Kubelet stopped posting node status.",
          reason: "NodeStatusUnknown",
          status: "Unknown",
          type,
        }
      : {
          lastHeartbeatTime: heartbeat,
          lastTransitionTime: at,
          message,
          reason,
          status: ok ? "True" : "False",
          type,
        };
  const memoryPressure = usage.memGi > node.memGi * 0.95;
  const diskPressure = diskUsed > 0.9;
  const pressureAt = world.effects.list(node.name, "diskUsed")[0]?.at;
  const conditions = [
    cond(
      "MemoryPressure",
      memoryPressure,
      memoryPressure ? "KubeletHasInsufficientMemory" : "KubeletHasSufficientMemory",
      memoryPressure
        ? "kubelet has insufficient memory available"
        : "kubelet has sufficient memory available",
    ),
    cond(
      "DiskPressure",
      diskPressure,
      diskPressure ? "KubeletHasDiskPressure" : "KubeletHasNoDiskPressure",
      diskPressure ? "kubelet has disk pressure" : "kubelet has no disk pressure",
      diskPressure && pressureAt ? iso(Math.min(now, pressureAt + 600)) : since,
    ),
    cond("PIDPressure", false, "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
    cond("Ready", true, "KubeletReady", "kubelet is posting ready status"),
  ];
  const spec: Json = { podCIDR: node.podCidr, podCIDRs: [node.podCidr], providerID: node.providerId };
  const taints: Json[] = [];
  if (lost) {
    taints.push({
      effect: "NoSchedule",
      key: "node.kubernetes.io/unreachable",
      timeAdded: iso((down ?? now) + 40),
    });
    taints.push({
      effect: "NoExecute",
      key: "node.kubernetes.io/unreachable",
      timeAdded: iso((down ?? now) + 41),
    });
  }
  if (diskPressure && !lost)
    taints.push({
      effect: "NoSchedule",
      key: "node.kubernetes.io/disk-pressure",
      timeAdded: iso(Math.min(now, (pressureAt ?? now) + 600)),
    });
  if (taints.length > 0) spec.taints = taints;
  const memKi = node.memGi * 1024 * 1024;
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      annotations: {
        "node.alpha.kubernetes.io/ttl": "0",
        "volumes.kubernetes.io/controller-managed-attach-detach": "true",
      },
      creationTimestamp: iso(created),
      labels: {
        "beta.kubernetes.io/arch": "amd64",
        "beta.kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "kubernetes.io/hostname": node.name,
        "kubernetes.io/os": "linux",
        "node.kubernetes.io/instance-type": node.instanceType,
        "topology.kubernetes.io/zone": node.zone,
      },
      name: node.name,
      resourceVersion: String(rng.int(10_000_000, 99_999_999)),
      uid: rng.uuid(),
    },
    spec,
    status: {
      addresses: [
        { address: node.ip, type: "InternalIP" },
        { address: node.name, type: "Hostname" },
      ],
      allocatable: {
        cpu: `${node.cpu * 1000 - 90}m`,
        "ephemeral-storage": "95551679124",
        memory: `${memKi - 1_400_000}Ki`,
        pods: "110",
      },
      capacity: {
        cpu: String(node.cpu),
        "ephemeral-storage": "104845292Ki",
        memory: `${memKi}Ki`,
        pods: "110",
      },
      conditions,
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: "amd64",
        bootID: rng.uuid(),
        containerRuntimeVersion: cluster.runtimeVersion,
        kernelVersion: cluster.kernel,
        kubeProxyVersion: cluster.kubeletVersion,
        kubeletVersion: cluster.kubeletVersion,
        machineID: rng.hex(32),
        operatingSystem: "linux",
        osImage: cluster.osImage,
        systemUUID: rng.uuid(),
      },
    },
  };
}

/** A core/v1 Event as `kubectl get events -o json` prints each item. */
export function eventObject(world: World, record: EventRecord): Json {
  const rng = world.rng.fork(`k8s/event/${record.involved.name}/${record.reason}/${record.first}`);
  const last = Math.min(record.last, world.now);
  const first = Math.min(record.first, last);
  const involved: Json = {
    apiVersion: record.involved.apiVersion ?? "v1",
    kind: record.involved.kind,
    name: record.involved.name,
    resourceVersion: String(rng.int(10_000_000, 99_999_999)),
    uid: world.rng.fork(`uid/${record.involved.kind}/${record.involved.name}`).uuid(),
  };
  if (record.involved.namespace) involved.namespace = record.involved.namespace;
  if (record.involved.fieldPath) involved.fieldPath = record.involved.fieldPath;
  const source: Json = { component: record.component };
  if (record.host) source.host = record.host;
  return {
    apiVersion: "v1",
    count: record.count,
    eventTime: null,
    firstTimestamp: iso(first),
    involvedObject: involved,
    kind: "Event",
    lastTimestamp: iso(last),
    message: record.message,
    metadata: {
      creationTimestamp: iso(first),
      name: `${record.involved.name}.${rng.hex(16)}`,
      namespace: record.involved.namespace ?? "default",
      resourceVersion: String(rng.int(10_000_000, 99_999_999)),
      uid: rng.uuid(),
    },
    reason: record.reason,
    reportingComponent: record.component === "kubelet" ? "kubelet" : "",
    reportingInstance: record.host ?? "",
    source,
    type: record.type,
  };
}
