import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadRunbooks, RunbookLoadError } from "../../../src/agent/runbooks/index.ts";
import { MITIGATION_ACTIONS, ROOT_CAUSE_KINDS } from "../../../src/domain/root-cause.ts";

const SHIPPED = fileURLToPath(new URL("../../../runbooks", import.meta.url));

const GOOD = `---
id: good
title: A good runbook
matches:
  - alertname: 'HighErrorRate'
kinds: [bad-deploy]
mitigations: [rollback]
---

# Good

Body.
`;

describe("loadRunbooks on the shipped runbooks", () => {
  it("loads at least ten runbooks with unique ids, catalog kinds and catalog mitigations", async () => {
    const runbooks = await loadRunbooks(SHIPPED);
    expect(runbooks.length).toBeGreaterThanOrEqual(10);
    expect(new Set(runbooks.map((r) => r.id)).size).toBe(runbooks.length);
    for (const runbook of runbooks) {
      expect(runbook.matches.length, runbook.id).toBeGreaterThan(0);
      expect(runbook.kinds.length, runbook.id).toBeGreaterThan(0);
      expect(runbook.mitigations.length, runbook.id).toBeGreaterThan(0);
      for (const kind of runbook.kinds) expect(ROOT_CAUSE_KINDS).toContain(kind);
      for (const action of runbook.mitigations) expect(MITIGATION_ACTIONS).toContain(action);
      expect(runbook.file.endsWith(".md")).toBe(true);
    }
  });

  it("gives every shipped runbook the sections an on-call engineer looks for", async () => {
    for (const runbook of await loadRunbooks(SHIPPED)) {
      for (const heading of [
        "## What it means",
        "## First 5 minutes",
        "## Diagnose",
        "## Mitigate",
        "## Escalate",
      ]) {
        expect(runbook.body, `${runbook.id} lacks ${heading}`).toContain(heading);
      }
    }
  });

  it("covers the root-cause kinds of the common alerts", async () => {
    const kinds = new Set((await loadRunbooks(SHIPPED)).flatMap((r) => r.kinds));
    for (const kind of [
      "bad-deploy",
      "crash-loop",
      "oom-kill",
      "memory-leak",
      "disk-full",
      "certificate-expiry",
      "connection-pool-exhaustion",
      "node-failure",
      "cpu-saturation",
      "dns-failure",
      "database-slow",
      "image-pull",
    ] as const) {
      expect(kinds, kind).toContain(kind);
    }
  });
});

describe("loadRunbooks on a folder of test files", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "vigil-runbooks-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function loadError(name: string, text: string): Promise<RunbookLoadError> {
    await writeFile(join(dir, name), text);
    const error = await loadRunbooks(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunbookLoadError);
    return error as RunbookLoadError;
  }

  it("parses front matter and body, and skips README.md and other files", async () => {
    await writeFile(join(dir, "good.md"), GOOD);
    await writeFile(join(dir, "README.md"), "# Not a runbook\n");
    await writeFile(join(dir, "notes.txt"), "not markdown");
    const runbooks = await loadRunbooks(dir);
    expect(runbooks).toEqual([
      {
        id: "good",
        title: "A good runbook",
        file: join(dir, "good.md"),
        matches: [{ alertname: "HighErrorRate" }],
        kinds: ["bad-deploy"],
        mitigations: ["rollback"],
        body: "# Good\n\nBody.",
      },
    ]);
  });

  it("keeps severity and CRLF line endings", async () => {
    await writeFile(
      join(dir, "crlf.md"),
      GOOD.replace("kinds:", "severity: critical\nkinds:").replace(/\n/g, "\r\n"),
    );
    const [runbook] = await loadRunbooks(dir);
    expect(runbook?.severity).toBe("critical");
    expect(runbook?.id).toBe("good");
  });

  it("names the file and the field when a kind is not in the catalog", async () => {
    const error = await loadError("bad-kind.md", GOOD.replace("[bad-deploy]", "[bad-deploy, gremlins]"));
    expect(error.file).toBe(join(dir, "bad-kind.md"));
    expect(error.field).toBe("kinds.1");
    expect(error.message).toContain("bad-kind.md");
    expect(error.message).toContain("kinds.1");
  });

  it("names the pattern when a regular expression does not compile", async () => {
    const error = await loadError("bad-regex.md", GOOD.replace("'HighErrorRate'", "'High(ErrorRate'"));
    expect(error.field).toBe("matches.0.alertname");
    expect(error.message).toContain("not a valid regular expression");
  });

  it("names an unknown key, which is usually a typo", async () => {
    const error = await loadError("typo.md", GOOD.replace("mitigations:", "mitigation:"));
    expect(error.problems).toContainEqual({ field: "mitigation", message: "is not a known field" });
    expect(error.problems.map((p) => p.field)).toContain("mitigations");
  });

  it("refuses a mitigation outside the catalog", async () => {
    const error = await loadError("bad-action.md", GOOD.replace("[rollback]", "[rollback, kubectl-delete]"));
    expect(error.field).toBe("mitigations.1");
  });

  it("refuses a match entry that says nothing", async () => {
    const error = await loadError(
      "empty-match.md",
      GOOD.replace("- alertname: 'HighErrorRate'", "- labels: {}"),
    );
    expect(error.field).toBe("matches.0");
  });

  it("refuses a file without front matter", async () => {
    const error = await loadError("plain.md", "# Just a heading\n");
    expect(error.field).toBeNull();
    expect(error.message).toContain("missing YAML front matter");
  });

  it("refuses front matter that is not YAML", async () => {
    const error = await loadError("broken.md", GOOD.replace("kinds: [bad-deploy]", "kinds: [bad-deploy"));
    expect(error.message).toContain("not valid YAML");
  });

  it("refuses a runbook with no body", async () => {
    const error = await loadError("no-body.md", GOOD.slice(0, GOOD.indexOf("# Good")));
    expect(error.message).toContain("no body");
  });

  it("refuses two files with one id, naming the earlier file", async () => {
    await writeFile(join(dir, "a.md"), GOOD);
    const error = await loadError("b.md", GOOD);
    expect(error.file).toBe(join(dir, "b.md"));
    expect(error.field).toBe("id");
    expect(error.message).toContain(join(dir, "a.md"));
  });

  it("refuses a folder that does not exist", async () => {
    const missing = join(dir, "nope");
    const error = await loadRunbooks(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunbookLoadError);
    expect((error as RunbookLoadError).file).toBe(missing);
  });

  it("ignores sub-folders", async () => {
    await mkdir(join(dir, "drafts.md"));
    await writeFile(join(dir, "good.md"), GOOD);
    expect((await loadRunbooks(dir)).map((r) => r.id)).toEqual(["good"]);
  });
});
