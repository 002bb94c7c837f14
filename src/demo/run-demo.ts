import { createHmac, randomUUID } from "node:crypto";
import { createReplaySources } from "../../integrations/replay/create-replay-sources.ts";
import { loadReplayCase } from "../../integrations/replay/load-replay-case.ts";
import { visibleToPipeline } from "../../integrations/replay/visible-to-pipeline.ts";
import type { InvestigationContext } from "../agent/create-investigation.ts";
import { renderRcaMarkdown } from "../agent/render-rca-markdown.ts";
import type { VigilConfig } from "../config/index.ts";
import type { RcaDocument } from "../domain/rca.ts";
import { type RunningVigil, startVigil } from "../main.ts";
import { fixedClock, systemClock } from "../ports/clock.ts";
import { createUnconfiguredSources } from "./unconfigured-sources.ts";

/** The bundled demo incident: a real-looking bad deploy from the eval set. */
export const DEMO_CASE = new URL("../../evals/cases/shop-checkout-bad-deploy.json", import.meta.url).pathname;
const RCA_WAIT_MS = 60_000;

export interface DemoOptions {
  config: VigilConfig;
  caseFile?: string;
  print: (text: string) => void;
  /**
   * Called as soon as Vigil is up, before the demo incident is investigated (the CLI installs its
   * signal handlers here). Once `stopping()` says true, a failing wait is the stop, not an error.
   */
  onStarted?: (vigil: RunningVigil) => { stopping(): boolean };
}

/**
 * Vigil with one recorded incident fed through its own webhook: the incident's investigation reads
 * the recording (pinned at the recording's clock), every other incident reads the configured
 * sources. Prints the RCA and leaves Vigil running.
 */
export async function runDemo({
  config,
  caseFile = DEMO_CASE,
  print,
  onStarted,
}: DemoOptions): Promise<RunningVigil> {
  const replayCase = visibleToPipeline(await loadReplayCase(caseFile));
  const demoContext: InvestigationContext = {
    sources: createReplaySources(replayCase),
    clock: fixedClock(new Date(replayCase.now)),
  };
  const liveContext: InvestigationContext = { sources: createUnconfiguredSources(), clock: systemClock };
  let markDemo: (incidentId: string | null) => void = () => {};
  const demoIncident = new Promise<string | null>((resolve) => {
    markDemo = resolve;
  });
  const vigil = await startVigil({
    config,
    contextFor: async (incidentId) => ((await demoIncident) === incidentId ? demoContext : liveContext),
  });
  const control = onStarted?.(vigil);
  try {
    const incidentId = await deliver(vigil.url, config, replayCase.alert);
    markDemo(incidentId);
    print(`Demo incident ${incidentId} delivered to ${vigil.url}; investigating…`);
    const rca = await waitForRca(vigil.url, incidentId);
    print(renderRcaMarkdown(rca, { title: `Demo incident ${incidentId}` }));
    print(
      `\nVigil is running at ${vigil.url} (incident: ${vigil.url}/api/incidents/${incidentId}). Ctrl-C stops it.`,
    );
    return vigil;
  } catch (error) {
    markDemo(null);
    if (control?.stopping()) return vigil;
    await vigil.stop();
    throw error;
  }
}

/** Posts the recorded alert exactly as its sender would, with the configured credentials. */
async function deliver(
  url: string,
  config: VigilConfig,
  alert: { source: string; payload: unknown },
): Promise<string> {
  const body = JSON.stringify(alert.payload);
  const headers: Record<string, string> = { "content-type": "application/json" };
  let path = "/webhooks/alertmanager";
  if (alert.source === "pagerduty") {
    path = "/webhooks/pagerduty";
    headers["x-webhook-id"] = randomUUID();
    const secret = config.pagerduty.webhookSecrets[0];
    if (secret)
      headers["x-pagerduty-signature"] = `v1=${createHmac("sha256", secret).update(body).digest("hex")}`;
  } else if (config.alertmanager.token) {
    headers.authorization = `Bearer ${config.alertmanager.token}`;
  }
  const response = await fetch(`${url}${path}`, { method: "POST", headers, body });
  const answer = (await response.json()) as { incidentId?: string; error?: { message: string } };
  if (!response.ok || !answer.incidentId) {
    throw new Error(
      `the demo alert was refused (${response.status}): ${answer.error?.message ?? "no incident"}`,
    );
  }
  return answer.incidentId;
}

async function waitForRca(url: string, incidentId: string): Promise<RcaDocument> {
  const deadline = Date.now() + RCA_WAIT_MS;
  while (Date.now() < deadline) {
    const response = await fetch(`${url}/api/incidents/${incidentId}`);
    const detail = (await response.json()) as { rca?: RcaDocument | null };
    if (detail.rca) return detail.rca;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no RCA for the demo incident after ${RCA_WAIT_MS / 1000} s`);
}
