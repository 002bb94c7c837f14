import { copyFile, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { type EvalOutcome, runEval } from "../../src/eval/run-eval.ts";
import { NEZHA_CASES, RUNBOOKS } from "../support/investigation-fixture.ts";

describe("vigil eval", () => {
  let dir: string;
  let outcome: EvalOutcome;
  const lines: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "vigil-eval-test-"));
    await copyFile(join(NEZHA_CASES, "nezha-ob-04.json"), join(dir, "nezha-ob-04.json"));
    await copyFile(join(NEZHA_CASES, "nezha-tt-02.json"), join(dir, "nezha-tt-02.json"));
    await writeFile(join(dir, "broken.json"), JSON.stringify({ apiVersion: "replay-case/v1", id: "broken" }));
    const thresholds = join(await mkdtemp(join(tmpdir(), "vigil-thresholds-")), "thresholds.json");
    await writeFile(thresholds, JSON.stringify({ ac1: 1, unsafe: 0 }));
    outcome = await runEval({
      caseDirs: [dir],
      jsonFile: join(dir, "results.json"),
      thresholdsFile: thresholds,
      runbooksDir: RUNBOOKS,
      databaseUrl: inject("postgresUrl"),
      concurrency: 2,
      caseTimeoutMs: 60_000,
      deadlineMs: 20_000,
      log: (line) => lines.push(line),
    });
  }, 180_000);

  it("replays every case through the webhook and scores its RCA", () => {
    const byId = new Map(outcome.results.map((result) => [result.id, result]));
    expect(byId.get("nezha-ob-04")).toMatchObject({ ok: true, grounded: true, unsafe: false, error: null });
    expect(byId.get("nezha-tt-02")).toMatchObject({ ok: true, grounded: true, unsafe: false, error: null });
    expect(byId.get("nezha-tt-02")?.hypotheses[0]).toMatchObject({
      service: "ts-route-service",
      kind: "network-latency",
    });
    expect(byId.get("nezha-ob-04")?.hypotheses.length).toBeGreaterThan(0);
  });

  it("turns a case that breaks the contract into a failed case naming the file and the path", () => {
    const broken = outcome.results.find((result) => result.error?.includes("broken.json"));
    expect(broken?.ok).toBe(false);
    expect(broken?.error).toMatch(/\$\.(now|alert|sources|expected|title)/);
    expect(outcome.totals.cases).toBe(3);
    expect(outcome.totals.errors).toBe(1);
  });

  it("writes the results file in the replay-results/v1 shape", async () => {
    const written = JSON.parse(await readFile(join(dir, "results.json"), "utf8"));
    expect(written.apiVersion).toBe("replay-results/v1");
    expect(written.mode).toBe("deterministic");
    expect(written.totals.cases).toBe(3);
    expect(written.cases.map((result: { id: string }) => result.id)).toEqual(
      expect.arrayContaining(["nezha-ob-04", "nezha-tt-02"]),
    );
  });

  it("reports the figures that fall below the thresholds, and prints the table and calibration", () => {
    expect(outcome.failures.map((failure) => failure.metric)).toContain("ac1");
    expect(lines.join("\n")).toMatch(/TOTAL 3 cases, 1 error/);
    expect(lines.join("\n")).toMatch(/calibration/);
  });
});
