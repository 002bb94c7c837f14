// Kubernetes generates ReplicaSet hashes and pod suffixes from this alphabet (no vowels, no
// 0/1/3), so "-x2x9q" is a suffix while "-server" is part of a name.
const SAFE = "[bcdfghjklmnpqrstvwxz2456789]";
const DEPLOYMENT_POD = new RegExp(`^(.+)-(?:${SAFE}{6,10}|\\d{6,12})-${SAFE}{5}$`);
const SUFFIXED = new RegExp(`^(.+)-${SAFE}{5}$`);
const REPLICA_SET = new RegExp(`^(.+)-(?:${SAFE}{6,10}|\\d{6,12})$`);
const ORDINAL = /^(.+)-\d+$/;

/**
 * The workload a pod belongs to, from its name: a Deployment pod loses its ReplicaSet hash and
 * suffix ("checkout-7d9f8b6c5-x2x9q" → "checkout"), a CronJob pod its schedule stamp and
 * suffix, a DaemonSet pod its suffix, a StatefulSet pod its ordinal ("postgres-0" → "postgres").
 */
export function workloadOfPod(pod: string): string {
  return DEPLOYMENT_POD.exec(pod)?.[1] ?? SUFFIXED.exec(pod)?.[1] ?? ORDINAL.exec(pod)?.[1] ?? pod;
}

/** The Deployment a ReplicaSet belongs to ("checkout-7d9f8b6c5" → "checkout"). */
export function workloadOfReplicaSet(replicaSet: string): string {
  return REPLICA_SET.exec(replicaSet)?.[1] ?? replicaSet;
}

// Label names that name the service outright, most specific first. Kubernetes label keys
// appear as Prometheus-sanitized names (app_kubernetes_io_name) and as-is (app.kubernetes.io/name).
const SERVICE_LABELS = [
  "service",
  "service_name",
  "app_kubernetes_io_name",
  "app.kubernetes.io/name",
  "app",
  "k8s_app",
  "k8s-app",
  "application",
  "deployment",
  "statefulset",
  "daemonset",
  "cronjob",
  "destination_workload",
  "consumergroup",
  "consumer_group",
];

// Container names that say nothing about the service (sidecars, the pause container, generic names).
const GENERIC_CONTAINERS = new Set([
  "POD",
  "server",
  "app",
  "main",
  "istio-proxy",
  "envoy",
  "linkerd-proxy",
  "sidecar",
  "istio-init",
]);

// Scrape jobs that name an exporter or discovery role rather than a service.
const GENERIC_JOB =
  /^(kubernetes-|kube-|node-exporter|node$|cadvisor|kubelet|prometheus|apiserver|blackbox)|-exporter$/;

/**
 * The service a label set (metric series, log stream, alert) is about: the first of `service`,
 * `service_name`, `app.kubernetes.io/name`, `app`, workload labels, the pod's workload name,
 * a specific container name, or the scrape job (without its "namespace/" prefix); null when
 * none of them names one.
 */
export function serviceOf(labels: Readonly<Record<string, string | undefined>>): string | null {
  for (const key of SERVICE_LABELS) {
    const value = labels[key]?.trim();
    if (value) return value;
  }
  const pod = labels.pod?.trim() || labels.pod_name?.trim();
  if (pod) return workloadOfPod(pod);
  const container = labels.container?.trim() || labels.container_name?.trim();
  if (container && !GENERIC_CONTAINERS.has(container)) return container;
  const job = labels.job?.trim();
  if (job) {
    const name = job.includes("/") ? job.slice(job.lastIndexOf("/") + 1) : job;
    if (name && !GENERIC_JOB.test(name)) return name;
  }
  return null;
}
