import type { DataSources } from "../../src/ports/data-sources.ts";
import { SourceUnavailableError } from "../../src/ports/source-errors.ts";

type SourceName = keyof DataSources;

/**
 * What a source that is down looks like: every method rejects with `SourceUnavailableError`,
 * which investigators turn into an investigation gap.
 */
export function createUnavailableSource<K extends SourceName>(name: K, reason: string): DataSources[K] {
  const fail = async (): Promise<never> => {
    throw new SourceUnavailableError(name, reason);
  };
  const sources: { [Name in SourceName]: DataSources[Name] } = {
    metrics: { queryRange: fail, series: fail },
    logs: { queryRange: fail },
    changes: { list: fail },
    cluster: { list: fail, get: fail },
    topology: { edges: fail },
  };
  return sources[name];
}
