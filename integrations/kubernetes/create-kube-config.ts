import type { KubeConfig } from "@kubernetes/client-node";
import { SourceUnavailableError } from "../../src/ports/source-errors.ts";
import { loadKubernetesSdk } from "./load-kubernetes-sdk.ts";

/**
 * How to reach the API server, in order of precedence: `inCluster` (the pod's service account),
 * `url` + `token` (a bearer token, e.g. a service-account token outside the cluster), `kubeconfig`
 * (+ optional `context`), else the default kubeconfig lookup (`KUBECONFIG`, `~/.kube/config`).
 */
export interface KubernetesConnectionOptions {
  inCluster?: boolean;
  url?: string;
  token?: string;
  /** PEM file of the CA that signed the API server's certificate (with `url`). */
  caFile?: string;
  /** Only for local test clusters (with `url`). */
  insecureSkipTlsVerify?: boolean;
  kubeconfig?: string;
  context?: string;
}

export async function createKubeConfig(options: KubernetesConnectionOptions): Promise<KubeConfig> {
  const { KubeConfig } = await loadKubernetesSdk();
  const config = new KubeConfig();
  try {
    if (options.inCluster) {
      config.loadFromCluster();
    } else if (options.url !== undefined) {
      config.loadFromClusterAndUser(
        {
          name: "vigil",
          server: options.url,
          // The SDK refuses plain http unless told to skip TLS checks; there is no TLS to check there.
          skipTLSVerify: options.insecureSkipTlsVerify ?? options.url.startsWith("http:"),
          ...(options.caFile !== undefined ? { caFile: options.caFile } : {}),
        },
        { name: "vigil", ...(options.token !== undefined ? { token: options.token } : {}) },
      );
    } else if (options.kubeconfig !== undefined) {
      config.loadFromFile(options.kubeconfig);
    } else {
      config.loadFromDefault();
    }
    if (options.context !== undefined) config.setCurrentContext(options.context);
  } catch (error) {
    // A missing or unreadable kubeconfig: the cluster cannot be asked, which is a gap, not a crash.
    throw new SourceUnavailableError("cluster", `cannot load Kubernetes configuration: ${messageOf(error)}`, {
      cause: error,
    });
  }
  if (config.getCurrentCluster() === null) {
    const context = options.context ?? config.getCurrentContext();
    throw new SourceUnavailableError("cluster", `Kubernetes context "${context}" names no cluster`);
  }
  return config;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
