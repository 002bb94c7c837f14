export { ConfigError } from "./config-error.ts";
export type { ServiceCatalogEntry, VigilFile } from "./file-schema.ts";
export { type LoadConfigOptions, loadConfig } from "./load-config.ts";
export type { LogLevel, VigilConfig } from "./vigil-config.ts";
