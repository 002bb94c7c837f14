type KubernetesSdk = typeof import("@kubernetes/client-node");

let loading: Promise<KubernetesSdk> | undefined;

/**
 * The vendor SDK, loaded on first use: importing it takes seconds (its generated API is large), and a
 * Vigil without Kubernetes configured, or one that has not asked the cluster yet, should not wait.
 */
export function loadKubernetesSdk(): Promise<KubernetesSdk> {
  loading ??= import("@kubernetes/client-node");
  return loading;
}
