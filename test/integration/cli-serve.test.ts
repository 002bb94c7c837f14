import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findFreePort } from "../../src/store/find-free-port.ts";
import { alertmanagerWebhook } from "../support/alertmanager-payloads.ts";
import { answerOf, incidentOf } from "../support/responses.ts";

const dataDir = mkdtempSync(join(tmpdir(), "vigil-serve-"));
// As root, the embedded Postgres runs as user 'postgres', which must be able to enter the directory.
chmodSync(dataDir, 0o755);
const running = new Set<ChildProcess>();

afterAll(async () => {
  for (const child of running) child.kill("SIGKILL");
  await rm(dataDir, { recursive: true, force: true });
});

/**
 * `vigil serve` in a process of its own: Node with tsx's loader, or (`viaTsxCli`) under the tsx
 * command as `npm start` runs it, a parent process that relays signals to Vigil's.
 */
function serve(env: Record<string, string>, { viaTsxCli = false } = {}) {
  const command = viaTsxCli
    ? ["node_modules/tsx/dist/cli.mjs", "src/cli/main.ts", "serve"]
    : ["--import", "tsx", "src/cli/main.ts", "serve"];
  const child = spawn(process.execPath, command, {
    env: { ...process.env, VIGIL_LOG_LEVEL: "warn", ...env, DATABASE_URL: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  return { child, exited, output: () => output };
}

async function waitUntilReady(url: string, exited: Promise<unknown>, output: () => string): Promise<void> {
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  for (let attempt = 0; attempt < 300 && !gone; attempt += 1) {
    const ready = await fetch(`${url}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`vigil serve did not become ready:\n${output()}`);
}

describe("vigil serve", () => {
  it("runs on its own embedded Postgres and finds its incidents again after a restart", async () => {
    const port = await findFreePort();
    const url = `http://127.0.0.1:${port}`;
    const env = { PORT: String(port), VIGIL_DATA_DIR: dataDir };

    const first = serve(env);
    await waitUntilReady(url, first.exited, first.output);
    const response = await fetch(`${url}/webhooks/alertmanager`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(alertmanagerWebhook({ alerts: [{ labels: { alertname: "SurvivesRestart" } }] })),
    });
    const { incidentId } = await answerOf(response);
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);

    const second = serve(env);
    await waitUntilReady(url, second.exited, second.output);
    const incident = await incidentOf(await fetch(`${url}/api/incidents/${incidentId}`));
    expect(incident.alerts.map((alert) => alert.name)).toEqual(["SurvivesRestart"]);
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
  });

  it("feeds the bundled demo incident when no data source is configured, prints its RCA and keeps running", async () => {
    const port = await findFreePort();
    const demoDir = mkdtempSync(join(tmpdir(), "vigil-demo-"));
    chmodSync(demoDir, 0o755);
    const demo = serve({ PORT: String(port), VIGIL_DATA_DIR: demoDir });
    for (let attempt = 0; attempt < 600 && !/Vigil is running at/.test(demo.output()); attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(demo.output()).toMatch(/feeding the demo incident/);
    expect(demo.output()).toMatch(/Most likely bad-deploy at checkout/);
    expect(demo.output()).toMatch(/Action: `rollback`/);
    const incidents = (await (await fetch(`http://127.0.0.1:${port}/api/incidents`)).json()) as {
      incidents: Array<{ id: string }>;
    };
    expect(incidents.incidents).toHaveLength(1);
    demo.child.kill("SIGTERM");
    expect(await demo.exited).toBe(0);
    await rm(demoDir, { recursive: true, force: true });
  });

  it("stops cleanly when only the tsx parent is signalled, as docker stop or a supervisor does", async () => {
    const port = await findFreePort();
    const stopDir = mkdtempSync(join(tmpdir(), "vigil-stop-"));
    chmodSync(stopDir, 0o755);
    const url = `http://127.0.0.1:${port}`;
    const parent = serve({ PORT: String(port), VIGIL_DATA_DIR: stopDir }, { viaTsxCli: true });
    await waitUntilReady(url, parent.exited, parent.output);
    const postmaster = join(stopDir, "pg", "postmaster.pid");
    expect(existsSync(postmaster)).toBe(true);

    parent.child.kill("SIGTERM");

    expect(await parent.exited).toBe(0);
    expect(parent.output()).toMatch(/received SIGTERM, stopping/);
    // Vigil stopped its own Postgres rather than being killed under it.
    expect(existsSync(postmaster)).toBe(false);
    await rm(stopDir, { recursive: true, force: true });
  });

  it("refuses to start with a message naming the bad key", async () => {
    const bad = serve({ PORT: "eighty", VIGIL_DATA_DIR: dataDir });
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toMatch(/env PORT: expected an integer between 0 and 65535 \(got "eighty"\)/);
  });
});
