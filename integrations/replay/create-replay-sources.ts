import type { ChangeEvent } from "../../src/ports/change-source.ts";
import type { DataSources } from "../../src/ports/data-sources.ts";
import type { TopologyEdge } from "../../src/ports/topology-source.ts";
import { parseRfc3339 } from "./parse-rfc3339.ts";
import type { RecordedMatrixSeries } from "./promql/series-index.ts";
import { createReplayChangeSource } from "./replay-change-source.ts";
import { createReplayClusterReader, type RecordedKubernetesEntry } from "./replay-cluster-reader.ts";
import { createReplayLogSource, type RecordedStream } from "./replay-log-source.ts";
import { createReplayMetricsSource } from "./replay-metrics-source.ts";
import { createReplayTopologySource } from "./replay-topology-source.ts";
import { createUnavailableSource } from "./unavailable-sources.ts";

/** The recorded sources in contract shape; a loaded case's `sources` fits as is. */
export interface ReplaySourcesInput {
  metrics?: readonly RecordedMatrixSeries[];
  logs?: readonly RecordedStream[];
  changes?: readonly ChangeEvent[];
  kubernetes?: readonly RecordedKubernetesEntry[];
  topology?: readonly TopologyEdge[];
}

/**
 * Every data-source port answered from one case, as the systems would have answered at the
 * case's `now`. A source key missing from the case behaves like a source that is down. Takes
 * only what the pipeline may see, so `expected` cannot leak into an investigation.
 */
export function createReplaySources(replayCase: { now: string; sources: ReplaySourcesInput }): DataSources {
  const nowSeconds = parseRfc3339(replayCase.now);
  if (Number.isNaN(nowSeconds))
    throw new TypeError(`now must be an RFC 3339 time, got ${JSON.stringify(replayCase.now)}`);
  const { metrics, logs, changes, kubernetes, topology } = replayCase.sources;
  const down = (key: string) => `the replay case has no recorded ${key}`;
  return {
    metrics: metrics
      ? createReplayMetricsSource({ series: metrics, nowSeconds })
      : createUnavailableSource("metrics", down("metrics")),
    logs: logs
      ? createReplayLogSource({ streams: logs, nowSeconds })
      : createUnavailableSource("logs", down("logs")),
    changes: changes
      ? createReplayChangeSource({ changes, nowSeconds })
      : createUnavailableSource("changes", down("changes")),
    cluster: kubernetes
      ? createReplayClusterReader({ objects: kubernetes })
      : createUnavailableSource("cluster", down("kubernetes objects")),
    topology: topology
      ? createReplayTopologySource({ edges: topology })
      : createUnavailableSource("topology", down("topology")),
  };
}
