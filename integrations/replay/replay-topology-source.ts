import type { TopologyEdge, TopologySource } from "../../src/ports/topology-source.ts";

export function createReplayTopologySource(options: { edges: readonly TopologyEdge[] }): TopologySource {
  const edges = options.edges.map(({ from, to }) => ({ from, to }));
  return {
    async edges(signal) {
      signal?.throwIfAborted();
      return edges.map((edge) => ({ ...edge }));
    },
  };
}
