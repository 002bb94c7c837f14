export { type ArgocdChangeSourceOptions, createArgocdChangeSource } from "./create-argocd-change-source.ts";
export { mapArgoHistory } from "./map-argocd-history.ts";
