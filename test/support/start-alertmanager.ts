import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findFreePort } from "../../src/store/find-free-port.ts";
import { startReadyBinary } from "./start-ready-binary.ts";

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
  const { url, stop } = await startReadyBinary({
    name: "Alertmanager",
    binary: ALERTMANAGER_BINARY,
    args: [
      `--config.file=${join(dir, "alertmanager.yml")}`,
      `--storage.path=${join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--cluster.listen-address=",
      "--log.level=warn",
    ],
    port,
    dir,
    readyAttempts: 100,
  });

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
