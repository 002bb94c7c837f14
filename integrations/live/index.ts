export { createKubernetesClientFromSettings } from "./create-kubernetes-client-from-settings.ts";
export { createLiveSources, type LiveSourcesDeps, topologyEdges } from "./create-live-sources.ts";
export { mergeChangeSources } from "./merge-change-sources.ts";
