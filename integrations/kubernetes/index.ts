export type { KubernetesConnectionOptions } from "./create-kube-config.ts";
export {
  createKubernetesChangeSource,
  type KubernetesChangeSourceOptions,
} from "./create-kubernetes-change-source.ts";
export { createKubernetesClient, type KubernetesClientOptions } from "./create-kubernetes-client.ts";
export { mapRolloutHistory } from "./map-rollout-history.ts";
