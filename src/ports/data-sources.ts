import type { ChangeSource } from "./change-source.ts";
import type { ClusterReader } from "./cluster-reader.ts";
import type { LogSource } from "./log-source.ts";
import type { MetricsSource } from "./metrics-source.ts";
import type { TopologySource } from "./topology-source.ts";

/** Everything an investigation may read. Built by `src/main.ts` (live) or the replay harness. */
export interface DataSources {
  metrics: MetricsSource;
  logs: LogSource;
  changes: ChangeSource;
  cluster: ClusterReader;
  topology: TopologySource;
}
