import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChangeEvent, ChangeSource } from "../../../src/ports/change-source.ts";
import { SourceUnavailableError } from "../../../src/ports/source-errors.ts";
import {
  CONTRACT_T0,
  type ContractHarness,
  type MakeSource,
  type MakeUnavailableSource,
} from "./contract-harness.ts";

export interface ChangesFixture {
  now: number;
  changes: ChangeEvent[];
}

const T0 = CONTRACT_T0;
const iso = (secondsAfterT0: number) => new Date((T0 + secondsAfterT0) * 1000).toISOString();

/** Given out of order on purpose: the source, not the recording, owns the ordering. */
export function changesContractFixture(): ChangesFixture {
  return {
    now: T0 + 3600,
    changes: [
      {
        id: "c-3",
        kind: "config",
        service: "payments",
        namespace: "shop",
        at: iso(1200),
        from: "pool=20",
        to: "pool=5",
      },
      {
        id: "c-1",
        kind: "deploy",
        service: "checkout",
        namespace: "shop",
        at: iso(60),
        from: "v1.4.1",
        to: "v1.4.2",
      },
      {
        id: "c-4",
        kind: "feature-flag",
        service: "checkout",
        at: iso(2400),
        from: "off",
        to: "on",
        origin: "manual",
      },
      {
        id: "c-2",
        kind: "deploy",
        service: "cart",
        namespace: "shop",
        at: iso(600),
        author: "dana",
        summary: "bump deps",
      },
    ],
  };
}

/** The behaviour every `ChangeSource` shares: time filtering, oldest first, empty vs unavailable. */
export function describeChangeSourceContract(
  name: string,
  make: MakeSource<ChangesFixture, ChangeSource>,
  makeUnavailable: MakeUnavailableSource<ChangeSource>,
): void {
  describe(`ChangeSource contract: ${name}`, () => {
    const fixture = changesContractFixture();
    let harness: ContractHarness<ChangeSource>;

    beforeAll(async () => {
      harness = await make(fixture);
    });
    afterAll(async () => {
      await harness?.close();
    });

    it("lists the changes inside the range, oldest first, with their fields", async () => {
      const result = await harness.source.list({ start: T0, end: T0 + 1800 });
      expect(result.map((change) => change.id)).toEqual(["c-1", "c-2", "c-3"]);
      expect(result[2]).toMatchObject({ kind: "config", service: "payments", from: "pool=20", to: "pool=5" });
      expect(Date.parse(result[0]?.at ?? "")).toBe((T0 + 60) * 1000);
    });

    it("includes changes exactly at the range edges and leaves out the rest", async () => {
      const result = await harness.source.list({ start: T0 + 600, end: T0 + 1200 });
      expect(result.map((change) => change.id)).toEqual(["c-2", "c-3"]);
    });

    it("answers an empty list when nothing changed in the range", async () => {
      expect(await harness.source.list({ start: T0 + 100, end: T0 + 500 })).toEqual([]);
    });

    it("rejects with SourceUnavailableError when the history cannot be read", async () => {
      const down = await makeUnavailable();
      try {
        await expect(down.source.list({ start: T0, end: T0 + 60 })).rejects.toBeInstanceOf(
          SourceUnavailableError,
        );
      } finally {
        await down.close();
      }
    });
  });
}
