export { createLokiSource, type LokiAuth, type LokiSourceOptions } from "./create-loki-source.ts";
