import { describe, expect, it } from "vitest";
import { createIngestLoad } from "../../../src/ingest/ingest-load.ts";

function deferred() {
  let resolve = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe("the ingest load signal", () => {
  it("stays idle while deliveries do not have to wait for one another", async () => {
    let now = 0;
    const load = createIngestLoad({ saturatedAt: 2, quietMs: 1000, now: () => now });
    for (let index = 0; index < 50; index += 1) {
      now += 10;
      await load.track(async () => {});
    }
    const first = deferred();
    const running = load.track(() => first.promise);
    const second = load.track(async () => {});
    await second;
    first.resolve();
    await running;
    expect(load.isBusy()).toBe(false);
  });

  it("is busy once a delivery arrives with every slot taken, until it has been quiet for quietMs", async () => {
    let now = 0;
    const load = createIngestLoad({ saturatedAt: 2, quietMs: 1000, now: () => now });
    const held = [deferred(), deferred()];
    const running = held.map((gate) => load.track(() => gate.promise));
    now = 100;
    const third = load.track(async () => {});
    await third;
    expect(load.isBusy()).toBe(true);
    for (const gate of held) gate.resolve();
    await Promise.all(running);
    now = 1099;
    expect(load.isBusy()).toBe(true);
    now = 1100;
    expect(load.isBusy()).toBe(false);
  });

  it("counts a delivery that failed as finished", async () => {
    const load = createIngestLoad({ saturatedAt: 1, quietMs: 1000, now: () => 0 });
    await expect(load.track(() => Promise.reject(new Error("database down")))).rejects.toThrow(
      "database down",
    );
    await load.track(async () => {});
    expect(load.isBusy()).toBe(false);
  });
});
