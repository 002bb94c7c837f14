import type { ClusterReader } from "../../src/ports/cluster-reader.ts";
import { ClusterConflictError, type ClusterWriter } from "../../src/ports/cluster-writer.ts";
import { FeatureFlagConflictError } from "../../src/ports/feature-flags.ts";
import { SourceUnavailableError } from "../../src/ports/source-errors.ts";
import type { FlagDocumentSource } from "./flag-document-source.ts";

/**
 * Flag definitions in a ConfigMap key, as the flagd operator (or a flagd `--uri core.k8s…` /
 * file mount) syncs them. The ConfigMap's resourceVersion is the document version, so a write
 * races safely with anyone else editing it.
 */
export function createConfigMapFlagSource(options: {
  cluster: ClusterReader & ClusterWriter;
  namespace: string;
  name: string;
  key: string;
}): FlagDocumentSource {
  const where = `ConfigMap ${options.namespace}/${options.name} key ${options.key}`;
  return {
    describe: () => where,
    async read(signal) {
      const configMap = await options.cluster.get("ConfigMap", options.namespace, options.name, signal);
      const text = (configMap?.data as Record<string, unknown> | undefined)?.[options.key];
      if (!configMap || typeof text !== "string") {
        throw new SourceUnavailableError("feature-flags", `${where} does not exist`);
      }
      return { text, version: configMap.metadata.resourceVersion ?? "" };
    },
    async write(text, { version, key, signal }) {
      try {
        const stored = await options.cluster.patch(
          "ConfigMap",
          options.namespace,
          options.name,
          { data: { [options.key]: text } },
          { resourceVersion: version, ...(signal ? { signal } : {}) },
        );
        return { version: stored.metadata.resourceVersion ?? "" };
      } catch (error) {
        if (error instanceof ClusterConflictError) {
          throw new FeatureFlagConflictError(key, `${where} changed since it was read`, { cause: error });
        }
        throw error;
      }
    },
  };
}
