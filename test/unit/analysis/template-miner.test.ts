import { describe, expect, it } from "vitest";
import { createTemplateMiner } from "../../../src/analysis/template-miner.ts";

describe("createTemplateMiner", () => {
  it("groups lines from one log statement under one template and keeps its id", () => {
    const miner = createTemplateMiner();
    const first = miner.add("login from 10.0.0.1 for user alice");
    const second = miner.add("login from 10.0.0.2 for user bob");
    expect(second).toBe(first);
    expect(miner.get(first)).toEqual({
      id: "t1",
      text: "login from <IP> for user <*>",
      count: 2,
      sample: "login from 10.0.0.1 for user alice",
    });
  });

  it("separates different statements that share a masked trace prefix", () => {
    const miner = createTemplateMiner();
    const a = miner.add("TraceID: a807a2a21139b7d6 SpanID: 4a6bb3b2f1081676 Start list products");
    const b = miner.add("TraceID: fe3974115b911675 SpanID: 2860714941507fd2 Get recommendations now");
    const c = miner.add("TraceID: 0c4b97bda147b6ea SpanID: 9e31ae843285f03a Start list products");
    expect(a).not.toBe(b);
    expect(c).toBe(a);
    expect(miner.templates().map((template) => template.id)).toEqual(["t1", "t2"]);
  });

  it("mines the message of structured lines, not their timestamps", () => {
    const miner = createTemplateMiner();
    const a = miner.add('{"ts":"2024-05-01T10:00:00Z","level":"info","msg":"cache warmed in 120ms"}');
    const b = miner.add('level=info ts=2024-05-01T10:05:00Z msg="cache warmed in 95ms"');
    expect(b).toBe(a);
    expect(miner.get(a)?.text).toBe("cache warmed in <DUR>");
  });

  it("routes by the first tokens, as Drain does, so a variable first word splits templates", () => {
    const miner = createTemplateMiner();
    expect(miner.add("alice logged in")).not.toBe(miner.add("bob logged in"));
  });

  it("keeps lines of different lengths apart", () => {
    const miner = createTemplateMiner();
    expect(miner.add("connection reset")).not.toBe(miner.add("connection reset by peer"));
  });

  it("applies the similarity threshold", () => {
    const strict = createTemplateMiner({ similarity: 0.9 });
    expect(strict.add("payment failed for order one")).not.toBe(strict.add("payment failed for order two"));
    const loose = createTemplateMiner({ similarity: 0.5 });
    expect(loose.add("payment failed for order one")).toBe(loose.add("payment failed for order two"));
  });
});
