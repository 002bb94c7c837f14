import { describe, expect, it } from "vitest";
import {
  createGroupCommit,
  GroupCommitFullError,
  type GroupCommitOptions,
} from "../../../src/ingest/create-group-commit.ts";

interface Item {
  name: string;
  keys: string[];
}

/** A store whose transactions finish when the test says so, recording what ran together. */
function createFakeStore(overrides: Partial<GroupCommitOptions<Item, string>> = {}) {
  const batches: string[][] = [];
  const alone: string[] = [];
  const pending: Array<() => void> = [];
  const gate = () => new Promise<void>((resolve) => pending.push(resolve));
  const commit = createGroupCommit<Item, string>({
    runBatch: async (items) => {
      batches.push(items.map((item) => item.name));
      await gate();
      return items.map((item) => `${item.name}:batch`);
    },
    runAlone: async (item) => {
      alone.push(item.name);
      await gate();
      return `${item.name}:alone`;
    },
    keysOf: (item) => item.keys,
    maxBatch: 10,
    maxInFlight: 1,
    ...overrides,
  });
  return {
    commit,
    batches,
    alone,
    /** Lets every transaction in flight finish, then waits until the next ones have started. */
    async finishInFlight() {
      for (const resolve of pending.splice(0)) resolve();
      await settle();
    },
  };
}

/** Past the microtasks and the setImmediate the group commit flushes on. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 5));

const item = (name: string, ...keys: string[]): Item => ({ name, keys: keys.length > 0 ? keys : [name] });

describe("createGroupCommit", () => {
  it("runs an item that arrives alone in a transaction of its own, at once", async () => {
    const store = createFakeStore();
    const answer = store.commit.submit(item("a"));
    await settle();
    expect(store.alone).toEqual(["a"]);
    await store.finishInFlight();
    expect(await answer).toBe("a:alone");
    expect(store.batches).toEqual([]);
  });

  it("commits the items that arrived while a transaction was in flight together, each with its own answer", async () => {
    const store = createFakeStore();
    const first = store.commit.submit(item("a"));
    await settle();
    const later = ["b", "c", "d"].map((name) => store.commit.submit(item(name)));
    await settle();
    expect(store.batches).toEqual([]);

    await store.finishInFlight();
    expect(store.batches).toEqual([["b", "c", "d"]]);
    await store.finishInFlight();
    expect(await first).toBe("a:alone");
    expect(await Promise.all(later)).toEqual(["b:batch", "c:batch", "d:batch"]);
  });

  it("refuses an item at once when maxQueued items already wait, and takes items again once the queue drains", async () => {
    const store = createFakeStore({ maxQueued: 2 });
    const first = store.commit.submit(item("a"));
    await settle();
    const waiting = ["b", "c"].map((name) => store.commit.submit(item(name)));
    await expect(store.commit.submit(item("d"))).rejects.toBeInstanceOf(GroupCommitFullError);

    await store.finishInFlight();
    expect(store.batches).toEqual([["b", "c"]]);
    const after = store.commit.submit(item("e"));
    await store.finishInFlight();
    await store.finishInFlight();
    expect(await first).toBe("a:alone");
    expect(await Promise.all(waiting)).toEqual(["b:batch", "c:batch"]);
    expect(await after).toBe("e:alone");
    expect([...store.alone, ...store.batches.flat()]).not.toContain("d");
  });

  it("puts items read in the same turn into one batch", async () => {
    const store = createFakeStore();
    const answers = ["a", "b"].map((name) => store.commit.submit(item(name)));
    await settle();
    expect(store.batches).toEqual([["a", "b"]]);
    await store.finishInFlight();
    expect(await Promise.all(answers)).toEqual(["a:batch", "b:batch"]);
  });

  it("never batches items that share a key, and runs them in the order they arrived", async () => {
    const store = createFakeStore();
    const answers = [
      store.commit.submit(item("a", "group-1")),
      store.commit.submit(item("b", "group-2")),
      store.commit.submit(item("c", "group-1", "group-3")),
      store.commit.submit(item("d", "group-3")),
    ];
    await settle();
    // d shares nothing with a or b, but must not overtake c, which shares group-1 with a.
    expect(store.batches).toEqual([["a", "b"]]);
    await store.finishInFlight();
    expect(store.batches).toEqual([["a", "b"]]);
    expect(store.alone).toEqual(["c"]);
    await store.finishInFlight();
    expect(store.alone).toEqual(["c", "d"]);
    await store.finishInFlight();
    expect(await Promise.all(answers)).toEqual(["a:batch", "b:batch", "c:alone", "d:alone"]);
  });

  it("keeps an item out while another with one of its keys is in flight", async () => {
    const store = createFakeStore({ maxInFlight: 2 });
    const first = store.commit.submit(item("a", "group-1"));
    await settle();
    const second = store.commit.submit(item("b", "group-1"));
    const third = store.commit.submit(item("c", "group-2"));
    await settle();
    expect(store.alone).toEqual(["a", "c"]);
    await store.finishInFlight();
    expect(store.alone).toEqual(["a", "c", "b"]);
    await store.finishInFlight();
    expect(await Promise.all([first, second, third])).toEqual(["a:alone", "b:alone", "c:alone"]);
  });

  it("retries each item of a failed batch alone, so that one bad item fails only itself", async () => {
    const failures: Array<{ error: unknown; size: number }> = [];
    const alone: string[] = [];
    const commit = createGroupCommit<Item, string>({
      runBatch: async () => {
        throw new Error("one statement failed, nothing stored");
      },
      runAlone: async (entry) => {
        alone.push(entry.name);
        if (entry.name === "bad") throw new Error("bad is bad");
        return `${entry.name}:alone`;
      },
      keysOf: (entry) => entry.keys,
      maxBatch: 10,
      maxInFlight: 1,
      onBatchFailed: (error, size) => failures.push({ error, size }),
    });
    const results = await Promise.allSettled(["a", "bad", "c"].map((name) => commit.submit(item(name))));
    expect(
      results.map((result) => (result.status === "fulfilled" ? result.value : result.reason.message)),
    ).toEqual(["a:alone", "bad is bad", "c:alone"]);
    expect(alone.sort()).toEqual(["a", "bad", "c"]);
    expect(failures).toHaveLength(1);
    expect(failures[0]?.size).toBe(3);
  });

  it("runs an item the batch held back again, ahead of items that arrived after it", async () => {
    const batches: string[][] = [];
    const pending: Array<() => void> = [];
    const commit = createGroupCommit<Item, string>({
      runBatch: async (items) => {
        batches.push(items.map((entry) => entry.name));
        await new Promise<void>((resolve) => pending.push(resolve));
        // In the first batch, b turned out to depend on a: held back.
        return items.map((entry) => (entry.name === "b" && batches.length === 1 ? undefined : entry.name));
      },
      runAlone: async (entry) => entry.name,
      keysOf: (entry) => entry.keys,
      maxBatch: 10,
      maxInFlight: 1,
    });
    const early = ["a", "b", "c"].map((name) => commit.submit(item(name)));
    await settle();
    const late = ["d", "e"].map((name) => commit.submit(item(name)));
    await settle();
    for (const resolve of pending.splice(0)) resolve();
    await settle();
    expect(batches).toEqual([
      ["a", "b", "c"],
      ["b", "d", "e"],
    ]);
    for (const resolve of pending.splice(0)) resolve();
    expect(await Promise.all([...early, ...late])).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("takes at most maxBatch items into one transaction", async () => {
    const store = createFakeStore({ maxBatch: 2 });
    const answers = ["a", "b", "c", "d", "e"].map((name) => store.commit.submit(item(name)));
    await settle();
    expect(store.batches).toEqual([["a", "b"]]);
    await store.finishInFlight();
    await store.finishInFlight();
    await store.finishInFlight();
    expect(store.batches).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
    expect(store.alone).toEqual(["e"]);
    expect(await Promise.all(answers)).toEqual(["a:batch", "b:batch", "c:batch", "d:batch", "e:alone"]);
  });
});
