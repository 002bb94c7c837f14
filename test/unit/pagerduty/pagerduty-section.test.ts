import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../../src/config/index.ts";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A working directory holding `vigil.yaml` with the given text, or none. */
function dirWith(yaml?: string): string {
  const dir = mkdtempSync(join(tmpdir(), "vigil-pagerduty-config-"));
  made.push(dir);
  if (yaml !== undefined) writeFileSync(join(dir, "vigil.yaml"), yaml);
  return dir;
}

const TOKEN = "u+section-test-token";

describe("the pagerduty: section and VIGIL_PAGERDUTY_API_TOKEN", () => {
  it("turns write-back off when no API token is set, even with a pagerduty: section", () => {
    const cwd = dirWith("pagerduty:\n  acknowledgeOnStart: true\n  fromEmail: bot@example.com\n");
    expect(loadConfig({ env: {}, cwd }).pagerdutyApi).toBeNull();
    expect(loadConfig({ env: { VIGIL_PAGERDUTY_API_TOKEN: "  " }, cwd }).pagerdutyApi).toBeNull();
  });

  it("uses the public API, no From header, no acknowledge and no link when only the token is set", () => {
    const config = loadConfig({ env: { VIGIL_PAGERDUTY_API_TOKEN: ` ${TOKEN} ` }, cwd: dirWith() });
    expect(config.pagerdutyApi).toEqual({
      apiToken: TOKEN,
      apiUrl: "https://api.pagerduty.com",
      fromEmail: null,
      acknowledgeOnStart: false,
      publicUrl: null,
    });
  });

  it("reads every option from vigil.yaml and drops trailing slashes from URLs", () => {
    const cwd = dirWith(
      [
        "pagerduty:",
        "  acknowledgeOnStart: true",
        "  fromEmail: vigil-bot@example.com",
        "  apiUrl: http://pd-proxy.internal:8080/",
        "  publicUrl: https://vigil.example.com/",
      ].join("\n"),
    );
    expect(loadConfig({ env: { VIGIL_PAGERDUTY_API_TOKEN: TOKEN }, cwd }).pagerdutyApi).toEqual({
      apiToken: TOKEN,
      apiUrl: "http://pd-proxy.internal:8080",
      fromEmail: "vigil-bot@example.com",
      acknowledgeOnStart: true,
      publicUrl: "https://vigil.example.com",
    });
  });

  it("refuses a misspelt option, a bad email and a non-http URL, naming each key", () => {
    const cwd = dirWith(
      ["pagerduty:", "  acknowledgeOnstart: true", "  fromEmail: not-an-email", "  publicUrl: ftp://x"].join(
        "\n",
      ),
    );
    let problems: readonly string[] = [];
    try {
      loadConfig({ env: { VIGIL_PAGERDUTY_API_TOKEN: TOKEN }, cwd });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      problems = error.problems;
    }
    expect(problems.join("\n")).toMatch(/pagerduty: .*acknowledgeOnstart/);
    expect(problems.join("\n")).toMatch(/pagerduty\.fromEmail: /);
    expect(problems.join("\n")).toMatch(/pagerduty\.publicUrl: expected an http:\/\/ or https:\/\/ URL/);
    expect(problems.join("\n")).not.toContain(TOKEN);
  });
});
