import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createReplaySources } from "../../../integrations/replay/create-replay-sources.ts";
import { loadReplayCase, type ReplayCase } from "../../../integrations/replay/load-replay-case.ts";
import { createRecordCommand, run } from "../../../src/cli/record.ts";
import { loadConfig } from "../../../src/config/index.ts";
import { EVAL_CASES } from "./record-fixture.ts";

const RUNBOOKS = new URL("../../../runbooks/", import.meta.url).pathname;

describe("vigil record", () => {
  let dir: string;
  let original: ReplayCase;
  let alertFile: string;
  const printed: string[] = [];
  const errors: string[] = [];
  let record: (args: string[]) => Promise<number>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "vigil-record-"));
    original = await loadReplayCase(join(EVAL_CASES, "shop-checkout-bad-deploy.json"));
    alertFile = join(dir, "alert.json");
    await writeFile(alertFile, JSON.stringify(original.alert.payload, null, 2));
    record = createRecordCommand({
      createSources: () => createReplaySources(original),
      loadConfig: () => loadConfig({ env: {}, cwd: dir }),
      runbooksDir: RUNBOOKS,
      print: (text) => printed.push(text),
      printError: (text) => errors.push(text),
    });
  });

  const args = (out: string) => [
    "--alert",
    alertFile,
    "--from",
    "2024-09-17T18:20:00Z",
    "--now",
    original.now,
    "--out",
    out,
    "--root-cause-service",
    "checkout",
    "--kind",
    "bad-deploy",
    "--root-cause-change",
    original.expected.rootCause.change ?? "",
    "--mitigation",
    "rollback",
    "--target",
    "Deployment/shop/checkout",
  ];

  it("writes a case the loader takes, named after the file, and says what Vigil concluded", async () => {
    const out = join(dir, "cases", "checkout-recorded.json");

    expect(await record(args(out))).toBe(0);

    const written = await loadReplayCase(out);
    expect(written.id).toBe("checkout-recorded");
    expect(written.now).toBe(original.now);
    expect(written.alert.payload).toEqual(original.alert.payload);
    expect(written.expected).toEqual(original.expected);
    expect(Object.keys(written.sources).sort()).toEqual([
      "changes",
      "kubernetes",
      "logs",
      "metrics",
      "topology",
    ]);
    expect(printed.join("\n")).toMatch(/Vigil's answer on the recording: checkout bad-deploy/);
    expect(errors).toEqual([]);
  });

  it("refuses to replace an existing case without --force", async () => {
    const out = join(dir, "exists.json");
    await writeFile(out, "{}");

    expect(await record(args(out))).toBe(2);
    expect(errors.at(-1)).toMatch(/--out: .*exists\.json exists; give --force/);
    expect(await readFile(out, "utf8")).toBe("{}");
  });

  it("answers 2 with a message naming the flag, and the usage, for bad arguments", async () => {
    const bad = args(join(dir, "bad.json")).map((arg) => (arg === "bad-deploy" ? "gremlins" : arg));

    expect(await record(bad)).toBe(2);
    expect(errors.at(-1)).toMatch(/^vigil record: --kind: unknown root-cause kind "gremlins"/);
    expect(errors.at(-1)).toContain("usage: vigil record");
  });

  it("names --alert when the alert file is missing or not a webhook body", async () => {
    const missing = args(join(dir, "a.json")).map((arg) =>
      arg === alertFile ? join(dir, "nope.json") : arg,
    );
    expect(await record(missing)).toBe(2);
    expect(errors.at(-1)).toMatch(/^vigil record: --alert: no such file .*nope\.json/);

    const ping = join(dir, "ping.json");
    await writeFile(ping, JSON.stringify({ hello: "world" }));
    expect(await record(args(join(dir, "b.json")).map((arg) => (arg === alertFile ? ping : arg)))).toBe(2);
    expect(errors.at(-1)).toMatch(/^vigil record: --alert: not an Alertmanager v4 body/);
  });

  it("records nothing, and says why, when no configured source answers", async () => {
    const lines: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((text: string) => lines.push(text) > 0) as typeof process.stderr.write;
    try {
      expect(await run(args(join(dir, "live.json")))).toBe(1);
    } finally {
      process.stderr.write = write;
    }
    // No vigil.yaml in the test's working folder: every live source is unconfigured.
    expect(lines.join("")).toMatch(
      /^vigil record: no source answered, so there is nothing to record \(metrics: no metrics source is configured/,
    );
    await expect(readFile(join(dir, "live.json"), "utf8")).rejects.toThrow(/ENOENT/);
  });
});
