export { createGithubChangeSource, type GithubChangeSourceOptions } from "./create-github-change-source.ts";
export { mapGithubDeployments } from "./map-github-deployments.ts";
