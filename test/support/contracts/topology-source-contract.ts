import { describe, expect, it } from "vitest";
import { SourceUnavailableError } from "../../../src/ports/source-errors.ts";
import type { TopologyEdge, TopologySource } from "../../../src/ports/topology-source.ts";
import type { MakeSource, MakeUnavailableSource } from "./contract-harness.ts";

export interface TopologyFixture {
  now: number;
  edges: TopologyEdge[];
}

export function topologyContractFixture(): TopologyFixture {
  return {
    now: 1_714_561_200,
    edges: [
      { from: "frontend", to: "checkout" },
      { from: "checkout", to: "payments" },
      { from: "payments", to: "payments-db" },
      { from: "checkout", to: "cart" },
    ],
  };
}

/** The behaviour every `TopologySource` shares: all edges, empty is a valid answer, down is an error. */
export function describeTopologySourceContract(
  name: string,
  make: MakeSource<TopologyFixture, TopologySource>,
  makeUnavailable: MakeUnavailableSource<TopologySource>,
): void {
  describe(`TopologySource contract: ${name}`, () => {
    it("answers every recorded caller-callee edge", async () => {
      const fixture = topologyContractFixture();
      const harness = await make(fixture);
      try {
        const edges = await harness.source.edges();
        expect(edges.map(({ from, to }) => `${from}->${to}`).sort()).toEqual(
          fixture.edges.map(({ from, to }) => `${from}->${to}`).sort(),
        );
      } finally {
        await harness.close();
      }
    });

    it("answers an empty list when no topology is known", async () => {
      const harness = await make({ now: 1_714_561_200, edges: [] });
      try {
        expect(await harness.source.edges()).toEqual([]);
      } finally {
        await harness.close();
      }
    });

    it("rejects with SourceUnavailableError when the topology cannot be read", async () => {
      const down = await makeUnavailable();
      try {
        await expect(down.source.edges()).rejects.toBeInstanceOf(SourceUnavailableError);
      } finally {
        await down.close();
      }
    });
  });
}
