import { describe, expect, it } from "vitest";
import { createRecentKeys } from "../../../src/ingest/recent-keys.ts";

describe("recent keys", () => {
  it("answers whether any key was remembered", () => {
    const recent = createRecentKeys(10);
    expect(recent.hasAny(["a", "b"])).toBe(false);
    recent.remember(["b"]);
    expect(recent.hasAny(["a", "b"])).toBe(true);
    expect(recent.hasAny([])).toBe(false);
  });

  it("forgets the least recently remembered keys beyond its capacity", () => {
    const recent = createRecentKeys(3);
    recent.remember(["a", "b", "c"]);
    recent.remember(["a"]);
    recent.remember(["d"]);
    expect(recent.hasAny(["b"])).toBe(false);
    expect(recent.hasAny(["a"])).toBe(true);
    expect(recent.hasAny(["c"])).toBe(true);
    expect(recent.hasAny(["d"])).toBe(true);
  });
});
