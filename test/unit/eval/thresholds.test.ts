import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { summarize } from "../../../src/eval/score-summary.ts";
import { checkThresholds, loadThresholds } from "../../../src/eval/thresholds.ts";

const totals = {
  ...summarize([]),
  cases: 40,
  ac1: 0.85,
  ac3: 0.95,
  avg5: 0.9,
  mitigation: 0.8,
  unsafe: 0.025,
  grounded: 1,
};

describe("checkThresholds", () => {
  it("passes figures at or above the minimums and at or below the unsafe maximum", () => {
    expect(
      checkThresholds(totals, {
        ac1: 0.85,
        ac3: 0.9,
        avg5: 0.9,
        mitigation: 0.8,
        grounded: 1,
        unsafe: 0.025,
      }),
    ).toEqual([]);
  });

  it("names each figure that falls below its minimum or above the unsafe maximum", () => {
    const failures = checkThresholds(totals, { ac1: 0.9, grounded: 1, unsafe: 0 });
    expect(
      failures.map((failure) => [failure.metric, failure.direction, failure.actual, failure.limit]),
    ).toEqual([
      ["ac1", "min", 0.85, 0.9],
      ["unsafe", "max", 0.025, 0],
    ]);
    expect(failures[0]?.message).toBe("ac1 0.850 is below the threshold 0.900");
  });

  it("fails a run of no cases", () => {
    expect(checkThresholds(summarize([]), {}).map((failure) => failure.metric)).toEqual(["cases"]);
  });
});

describe("loadThresholds", () => {
  it("reads a thresholds file and refuses unknown keys and values outside 0..1", async () => {
    const dir = await mkdtemp(join(tmpdir(), "thresholds-"));
    const file = join(dir, "thresholds.json");
    await writeFile(file, JSON.stringify({ ac1: 0.8, unsafe: 0 }));
    expect(await loadThresholds(file)).toEqual({ ac1: 0.8, unsafe: 0 });
    await writeFile(file, JSON.stringify({ acl: 0.8 }));
    await expect(loadThresholds(file)).rejects.toThrow(/thresholds\.json: .*acl/);
    await writeFile(file, JSON.stringify({ ac1: 80 }));
    await expect(loadThresholds(file)).rejects.toThrow(/thresholds\.json: ac1: /);
  });
});
