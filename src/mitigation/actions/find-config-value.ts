import type { ClusterReader, KubernetesObject } from "../../ports/cluster-reader.ts";
import type { FieldPath } from "../merge-patch.ts";

/** Where a workload's setting lives, its value now, and how to write a new one at `path`. */
export interface ConfigLocation {
  /** The object that holds the value: the workload itself or a ConfigMap. */
  object: KubernetesObject;
  path: FieldPath;
  value: string;
  where: string;
  /** The whole new value at `path` (merge patches replace arrays, so containers go whole). */
  rewrite(value: string): unknown;
}

interface EnvVar {
  name?: string;
  value?: string;
  valueFrom?: {
    configMapKeyRef?: { name?: string; key?: string };
    secretKeyRef?: { name?: string; key?: string };
  };
}

interface Container {
  name?: string;
  env?: EnvVar[];
  envFrom?: Array<{ configMapRef?: { name?: string } }>;
}

const CONTAINERS: FieldPath = ["spec", "template", "spec", "containers"];

/**
 * Finds `key` the way the workload's pods would read it: a literal env value, an env reference to a
 * ConfigMap key or a Secret (by name), a ConfigMap loaded whole (envFrom, volumes), then the
 * ConfigMaps of its namespace that belong to it (its app labels, Helm release or name prefix).
 */
export async function findConfigValue(
  object: KubernetesObject,
  key: string,
  cluster: ClusterReader,
): Promise<ConfigLocation | null> {
  const namespace = object.metadata.namespace;
  if (object.kind === "ConfigMap") return inConfigMap(object, key);
  const containers = ((object.spec?.template as { spec?: { containers?: Container[] } } | undefined)?.spec
    ?.containers ?? []) as Container[];
  const referenced: string[] = [];
  for (const [containerIndex, container] of containers.entries()) {
    for (const [envIndex, env] of (container.env ?? []).entries()) {
      if (env.name !== key) continue;
      if (typeof env.value === "string") {
        return inContainers(object, containers, containerIndex, envIndex, env.value, (next) => ({
          name: key,
          value: next,
        }));
      }
      const configMapRef = env.valueFrom?.configMapKeyRef;
      if (configMapRef?.name && configMapRef.key) {
        const configMap = await cluster.get("ConfigMap", namespace, configMapRef.name);
        if (configMap) return inConfigMap(configMap, configMapRef.key);
      }
      const secretRef = env.valueFrom?.secretKeyRef;
      if (secretRef?.name) {
        return inContainers(object, containers, containerIndex, envIndex, secretRef.name, (next) => ({
          name: key,
          valueFrom: { secretKeyRef: { ...secretRef, name: next } },
        }));
      }
    }
    for (const source of container.envFrom ?? []) {
      if (source.configMapRef?.name) referenced.push(source.configMapRef.name);
    }
  }
  const volumes = ((
    object.spec?.template as { spec?: { volumes?: Array<{ configMap?: { name?: string } }> } }
  )?.spec?.volumes ?? []) as Array<{ configMap?: { name?: string } }>;
  for (const volume of volumes) if (volume.configMap?.name) referenced.push(volume.configMap.name);

  const configMaps = await cluster.list("ConfigMap", namespace);
  const ordered = [
    ...referenced.flatMap((name) => configMaps.filter((configMap) => configMap.metadata.name === name)),
    ...configMaps.filter((configMap) => belongsTo(configMap, object)),
  ];
  for (const configMap of ordered) {
    const location = inConfigMap(configMap, key);
    if (location) return location;
  }
  return null;
}

function inConfigMap(configMap: KubernetesObject, key: string): ConfigLocation | null {
  const value = (configMap.data as Record<string, unknown> | undefined)?.[key];
  if (typeof value !== "string") return null;
  return {
    object: configMap,
    path: ["data", key],
    value,
    where: `ConfigMap ${configMap.metadata.name} key ${key}`,
    rewrite: (next) => next,
  };
}

function inContainers(
  object: KubernetesObject,
  containers: Container[],
  containerIndex: number,
  envIndex: number,
  value: string,
  envFor: (next: string) => EnvVar,
): ConfigLocation {
  const container = containers[containerIndex]!;
  return {
    object,
    path: CONTAINERS,
    value,
    where: `env ${envFor(value).name} of container ${container.name ?? containerIndex}`,
    rewrite: (next) => {
      const copy = structuredClone(containers);
      copy[containerIndex]!.env![envIndex] = envFor(next);
      return copy;
    },
  };
}

function belongsTo(configMap: KubernetesObject, workload: KubernetesObject): boolean {
  const name = workload.metadata.name;
  const labels = configMap.metadata.labels ?? {};
  const release = workload.metadata.annotations?.["meta.helm.sh/release-name"];
  return (
    labels["app.kubernetes.io/name"] === name ||
    labels.app === name ||
    (release !== undefined && configMap.metadata.annotations?.["meta.helm.sh/release-name"] === release) ||
    configMap.metadata.name === name ||
    configMap.metadata.name.startsWith(`${name}-`)
  );
}
