import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { loadReplayCases } from "../../../integrations/replay/load-replay-cases.ts";
import { validCase } from "./valid-replay-case.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "replay-cases-"));
  await mkdir(join(dir, "nested", "big-case"), { recursive: true });
  await mkdir(join(dir, ".hidden"));
  await writeFile(join(dir, "a-case.json"), JSON.stringify(validCase({ id: "a-case" })));
  await writeFile(join(dir, "b-case.yaml"), stringify(validCase({ id: "b-case" })));
  await writeFile(join(dir, "broken.json"), JSON.stringify(validCase({ id: "broken", now: "yesterday" })));
  await writeFile(join(dir, "README.md"), "# cases");
  await writeFile(join(dir, ".hidden", "ignored.json"), "{}");
  await writeFile(
    join(dir, "nested", "big-case", "case.yaml"),
    stringify(validCase({ id: "big-case", sources: undefined })),
  );
  await writeFile(join(dir, "nested", "big-case", "metrics.json"), "[]");
});

describe("loadReplayCases", () => {
  it("walks folders, treats a folder with case.yaml as one case, and collects broken cases as errors", async () => {
    const { cases, errors } = await loadReplayCases([dir]);
    expect(cases.map(({ replayCase }) => replayCase.id)).toEqual(["a-case", "b-case", "big-case"]);
    expect(cases[2]?.file).toBe(join(dir, "nested", "big-case"));
    expect(cases[2]?.replayCase.sources).toEqual({ metrics: [] });
    expect(errors.map((error) => [error.file, error.path])).toEqual([[join(dir, "broken.json"), "$.now"]]);
  });

  it("keeps only cases whose id or path contains the filter", async () => {
    const { cases, errors } = await loadReplayCases([dir], { filter: "B-CASE" });
    expect(cases.map(({ replayCase }) => replayCase.id)).toEqual(["b-case"]);
    expect(errors).toEqual([]);
  });

  it("reports a duplicate id and a folder that does not exist", async () => {
    await writeFile(join(dir, "z-copy.json"), JSON.stringify(validCase({ id: "a-case" })));
    const { cases, errors } = await loadReplayCases([dir, join(dir, "missing")]);
    expect(cases.filter(({ replayCase }) => replayCase.id === "a-case")).toHaveLength(1);
    expect(errors.map((error) => error.message)).toEqual(
      expect.arrayContaining([
        `${join(dir, "z-copy.json")}: $.id: duplicate id "a-case" (also in ${join(dir, "a-case.json")})`,
        `${join(dir, "missing")}: $: no such file or folder`,
      ]),
    );
  });
});
