import {
  createReplaySources,
  type ReplaySourcesInput,
} from "../../../integrations/replay/create-replay-sources.ts";
import type { DataSources } from "../../../src/ports/data-sources.ts";
import {
  describeChangeSourceContract,
  describeClusterReaderContract,
  describeLogSourceContract,
  describeMetricsSourceContract,
  describeTopologySourceContract,
} from "../../support/contracts/index.ts";

function replay<K extends keyof DataSources>(port: K, now: number, sources: ReplaySourcesInput) {
  const all = createReplaySources({ now: new Date(now * 1000).toISOString(), sources });
  return Promise.resolve({ source: all[port], close: async () => {} });
}

// A case without the source's key is what a source that is down looks like in replay.
const down =
  <K extends keyof DataSources>(port: K) =>
  () =>
    replay(port, 1_714_561_200, {});

describeMetricsSourceContract(
  "replay",
  (fixture) => replay("metrics", fixture.now, { metrics: fixture.series }),
  down("metrics"),
);
describeLogSourceContract(
  "replay",
  (fixture) => replay("logs", fixture.now, { logs: fixture.streams }),
  down("logs"),
);
describeChangeSourceContract(
  "replay",
  (fixture) => replay("changes", fixture.now, { changes: fixture.changes }),
  down("changes"),
);
describeClusterReaderContract(
  "replay",
  (fixture) => replay("cluster", fixture.now, { kubernetes: fixture.objects }),
  down("cluster"),
);
describeTopologySourceContract(
  "replay",
  (fixture) => replay("topology", fixture.now, { topology: fixture.edges }),
  down("topology"),
);
