import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findFreePort } from "../../src/store/find-free-port.ts";

export const ALERTMANAGER_BINARY = "/usr/bin/prometheus-alertmanager";

export interface RunningAlertmanager {
  url: string;
  /** Posts alerts to Alertmanager's API, as Prometheus would. */
  postAlerts(alerts: object[]): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Debian's real Alertmanager (package prometheus-alertmanager) with one webhook receiver pointing
 * at `webhookUrl`, grouping fast enough for a test. Clustering is off, so it binds one port only.
 */
export async function startAlertmanager({
  webhookUrl,
  bearerToken,
}: {
  webhookUrl: string;
  bearerToken: string;
}): Promise<RunningAlertmanager> {
  if (!existsSync(ALERTMANAGER_BINARY)) {
    throw new Error(
      `${ALERTMANAGER_BINARY} is missing: install Debian's prometheus-alertmanager ` +
        "(apt-get install -y prometheus-alertmanager; .ci/run does this)",
    );
  }
  const dir = mkdtempSync(join(tmpdir(), "vigil-alertmanager-"));
  const port = await findFreePort();
  writeFileSync(
    join(dir, "alertmanager.yml"),
    [
      "route:",
      "  receiver: vigil",
      "  group_by: [alertname, service]",
      "  group_wait: 100ms",
      "  group_interval: 1s",
      "  repeat_interval: 1h",
      "receivers:",
      "  - name: vigil",
      "    webhook_configs:",
      `      - url: ${JSON.stringify(webhookUrl)}`,
      "        send_resolved: true",
      "        http_config:",
      "          authorization:",
      `            credentials: ${JSON.stringify(bearerToken)}`,
      "",
    ].join("\n"),
  );
  const output: string[] = [];
  const child: ChildProcess = spawn(
    ALERTMANAGER_BINARY,
    [
      `--config.file=${join(dir, "alertmanager.yml")}`,
      `--storage.path=${join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--cluster.listen-address=",
      "--log.level=warn",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const url = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };

  for (let attempt = 0; ; attempt += 1) {
    const ready = await fetch(`${url}/-/ready`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (attempt > 100 || child.exitCode !== null) {
      await stop();
      throw new Error(`Alertmanager did not become ready:\n${output.join("")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  return {
    url,
    async postAlerts(alerts) {
      const response = await fetch(`${url}/api/v2/alerts`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(alerts),
      });
      if (!response.ok)
        throw new Error(`Alertmanager refused alerts: ${response.status} ${await response.text()}`);
    },
    stop,
  };
}
