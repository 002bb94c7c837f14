import { mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { loadReplayCase } from "../../../integrations/replay/load-replay-case.ts";
import { ReplayCaseError } from "../../../integrations/replay/replay-case-error.ts";
import { visibleToPipeline } from "../../../integrations/replay/visible-to-pipeline.ts";
import { validCase } from "./valid-replay-case.ts";

const NEZHA = "/work/shared/evals-real/nezha";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "replay-case-"));
});

async function write(name: string, content: unknown): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

async function loadError(path: string): Promise<ReplayCaseError> {
  const error = await loadReplayCase(path).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ReplayCaseError);
  return error as ReplayCaseError;
}

describe("loadReplayCase", () => {
  it("loads every real Nezha case", async () => {
    const files = (await readdir(NEZHA)).filter((name) => name.endsWith(".json")).sort();
    expect(files).toHaveLength(8);
    for (const file of files) {
      const replayCase = await loadReplayCase(join(NEZHA, file));
      expect(`${replayCase.id}.json`).toBe(file);
      expect(replayCase.sources.metrics?.length).toBeGreaterThan(100);
    }
  });

  it("loads the same case from JSON and from YAML", async () => {
    const fromJson = await loadReplayCase(await write("a.json", validCase()));
    const fromYaml = await loadReplayCase(await write("a.yaml", stringify(validCase())));
    const fromYml = await loadReplayCase(await write("a.yml", stringify(validCase())));
    expect(fromYaml).toEqual(fromJson);
    expect(fromYml).toEqual(fromJson);
  });

  it("loads a case folder, taking each source from its own file", async () => {
    const { sources, ...head } = validCase() as { sources: Record<string, unknown> };
    const folder = join(dir, "checkout-bad-deploy");
    await mkdir(folder);
    await writeFile(join(folder, "case.yaml"), stringify({ ...head, sources: { changes: sources.changes } }));
    await writeFile(join(folder, "metrics.json"), JSON.stringify(sources.metrics));
    await writeFile(join(folder, "topology.json"), JSON.stringify([{ from: "web", to: "checkout" }]));
    const replayCase = await loadReplayCase(folder);
    expect(replayCase).toEqual({
      ...validCase(),
      sources: { ...sources, topology: [{ from: "web", to: "checkout" }] },
    });
    expect(await loadReplayCase(join(folder, "case.yaml"))).toEqual(replayCase);
  });

  it("names the file and JSON path of a malformed sample", async () => {
    const broken = validCase();
    const metrics = (broken.sources as { metrics: Array<{ values: unknown[] }> }).metrics;
    (metrics[0] as { values: unknown[] }).values[1] = [1714564800, 25];
    const file = await write("x.json", broken);
    const error = await loadError(file);
    expect(error.message).toBe(`${file}: $.sources.metrics[0].values[1]: expected [unix seconds, "value"]`);
    expect(error.file).toBe(file);
    expect(error.path).toBe("$.sources.metrics[0].values[1]");
  });

  it.each([
    ["a missing apiVersion", { apiVersion: undefined }, "$.apiVersion", /required/],
    ["another apiVersion", { apiVersion: "replay-case/v2" }, "$.apiVersion", /replay-case\/v1/],
    ["an id with capitals", { id: "Checkout" }, "$.id", /\[a-z0-9-\]\+/],
    ["a now without time zone", { now: "2024-05-01T12:00:00" }, "$.now", /RFC 3339/],
    ["a now on a day that does not exist", { now: "2024-02-30T12:00:00Z" }, "$.now", /RFC 3339/],
    [
      "an unknown alert source",
      { alert: { source: "opsgenie", payload: {} } },
      "$.alert.source",
      /alertmanager/,
    ],
    [
      "a root-cause kind outside the spec",
      { expected: { rootCause: { service: "x", kind: "gremlins" }, mitigation: { action: "none" } } },
      "$.expected.rootCause.kind",
      /bad-deploy/,
    ],
    [
      "a target on action none",
      {
        expected: {
          rootCause: { service: "x", kind: "unknown" },
          mitigation: { action: "none", target: { kind: "Node", name: "n" } },
        },
      },
      "$.expected.mitigation.target",
      /no target/,
    ],
    [
      "a rollback without target",
      { expected: { rootCause: { service: "x", kind: "bad-deploy" }, mitigation: { action: "rollback" } } },
      "$.expected.mitigation.target",
      /needs a target/,
    ],
    [
      "a change reference that is not recorded",
      {
        expected: {
          rootCause: { service: "checkout", kind: "bad-deploy", change: "nope" },
          mitigation: { action: "none" },
        },
      },
      "$.expected.rootCause.change",
      /no change with id "nope"/,
    ],
    [
      "a log entry with a numeric timestamp",
      { sources: { logs: [{ stream: { a: "b" }, values: [[1714564800000000000, "line"]] }] } },
      "$.sources.logs[0].values[0]",
      /unix nanoseconds/,
    ],
    [
      "a Kubernetes object without a name",
      { sources: { kubernetes: [{ kind: "Pod", metadata: { namespace: "shop" } }] } },
      "$.sources.kubernetes[0].metadata.name",
      /required/,
    ],
  ])("refuses %s with the JSON path", async (_what, overrides, path, message) => {
    const error = await loadError(await write("bad.json", validCase(overrides)));
    expect(error.path).toBe(path);
    expect(error.message).toMatch(message);
  });

  it("allows keys the contract does not know yet", async () => {
    const replayCase = await loadReplayCase(
      await write(
        "extended.json",
        validCase({ severity: "sev2", sources: { metrics: [], traces: [{ span: 1 }] } }),
      ),
    );
    expect(replayCase.sources.metrics).toEqual([]);
    expect((replayCase as Record<string, unknown>).severity).toBe("sev2");
  });

  it("reports unreadable JSON and YAML as case errors", async () => {
    expect((await loadError(await write("bad.json", "{ not json"))).message).toMatch(
      /bad\.json: \$: not valid JSON/,
    );
    expect((await loadError(await write("bad.yaml", "a: [1, 2"))).message).toMatch(
      /bad\.yaml: \$: not valid YAML/,
    );
    expect((await loadError(join(dir, "missing.json"))).message).toMatch(/no such file/);
  });

  it("names the side file and refuses a source given twice in a case folder", async () => {
    const folder = join(dir, "broken-folder");
    await mkdir(folder);
    await writeFile(join(folder, "case.yaml"), stringify(validCase()));
    await writeFile(join(folder, "logs.json"), JSON.stringify([{ stream: {}, values: [["1", 2]] }]));
    const sideError = await loadError(folder);
    expect(sideError.file).toBe(join(folder, "logs.json"));
    expect(sideError.path).toBe("$[0].values[0]");
    await writeFile(join(folder, "logs.json"), "[]");
    await writeFile(join(folder, "metrics.json"), "[]");
    const twice = await loadError(folder);
    expect(twice.file).toBe(join(folder, "case.yaml"));
    expect(twice.path).toBe("$.sources.metrics");
  });
});

describe("visibleToPipeline", () => {
  it("passes only now, alert and sources", async () => {
    const replayCase = await loadReplayCase(await write("a.json", validCase({ notes: "the deploy did it" })));
    const view = visibleToPipeline(replayCase);
    expect(Object.keys(view).sort()).toEqual(["alert", "now", "sources"]);
    expect(JSON.stringify(view)).not.toContain("the deploy did it");
    expect(JSON.stringify(view)).not.toContain("rollback");
  });
});
