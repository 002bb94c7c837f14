import { createHash } from "node:crypto";
import type { WebClient } from "@slack/web-api";
import type { SlackRoute } from "../../src/config/sections/slack-section.ts";
import type { InvestigationGap } from "../../src/domain/evidence.ts";
import type { MitigationState } from "../../src/domain/mitigation-plan.ts";
import type { IncidentFacts } from "../../src/notify/slack-incident-lookup.ts";
import type { IncidentNotifier } from "../../src/ports/incident-notifier.ts";
import { type Logger, silentLogger } from "../../src/telemetry/create-logger.ts";
import { codeSpan, escapeMrkdwn, truncate } from "./escape-mrkdwn.ts";
import { type CardSources, loadRcaCard } from "./load-rca-card.ts";
import { pickKeySignal } from "./pick-key-signal.ts";
import { type RenderSignalChartOptions, renderSignalChart } from "./render-signal-chart.ts";
import { routeChannel } from "./route-channel.ts";
import type { SlackCardStore, StoredCard } from "./slack-card-store.ts";
import { stateLine } from "./state-line.ts";

export interface SlackNotifierDeps extends CardSources {
  client: WebClient;
  cards: SlackCardStore;
  routing: {
    routes: readonly SlackRoute[];
    defaultChannel: string | null;
    /** The team of a service, from vigil.yaml `services[]`. */
    teamOf: (service: string) => string | undefined;
  };
  chart?: RenderSignalChartOptions;
  logger?: Logger;
  /** How long a caller waits for another process that is posting the same card. */
  claimWaitMs?: number;
}

export interface SlackNotifier extends IncidentNotifier {
  /** Renders the card again from stored state and updates it in place (posts it if it is missing). */
  refreshCard(incidentId: string): Promise<void>;
}

/**
 * Slack as an `IncidentNotifier`: one card per incident, posted once to the routed channel and
 * updated in place from then on; progress goes to the card's thread. Every call is idempotent and
 * never throws: a Slack outage is logged, the investigation goes on.
 */
export function createSlackNotifier(deps: SlackNotifierDeps): SlackNotifier {
  const logger = deps.logger ?? silentLogger;
  const { client, cards } = deps;

  /**
   * The card, posting it when no process has yet (`fresh`: this call posted it, so it shows the
   * current state); null when it cannot be posted (no channel routes it).
   */
  async function ensureCard(incidentId: string): Promise<(StoredCard & { fresh: boolean }) | null> {
    const existing = await cards.get(incidentId);
    if (existing?.ts) return { ...existing, fresh: false };
    const loaded = await loadRcaCard(deps, incidentId);
    if (loaded === null) return null;
    const channel = existing?.channel ?? routeChannel(deps.routing, factsForRouting(loaded.facts));
    if (channel === null) {
      logger.warn("no Slack channel routes this incident and slack.defaultChannel is unset", { incidentId });
      return null;
    }
    if (!(await cards.claim(incidentId, channel))) {
      const card = await waitForCard(incidentId);
      return card === null ? null : { ...card, fresh: false };
    }
    try {
      const posted = await client.chat.postMessage({
        channel,
        text: loaded.card.text,
        blocks: loaded.card.blocks,
        unfurl_links: false,
        unfurl_media: false,
      });
      const card = { incidentId, channel: posted.channel ?? channel, ts: posted.ts!, chartFileId: null };
      await cards.posted(incidentId, card.channel, card.ts);
      return { ...card, fresh: true };
    } catch (error) {
      await cards.release(incidentId);
      throw error;
    }
  }

  function factsForRouting(facts: IncidentFacts) {
    const services = [
      ...new Set([...facts.alertServices, ...(facts.rca?.top ? [facts.rca.top.service] : [])]),
    ];
    const teams = [
      ...new Set([...facts.alertTeams, ...services.flatMap((service) => deps.routing.teamOf(service) ?? [])]),
    ];
    return { services, teams, severity: facts.severity };
  }

  async function waitForCard(incidentId: string): Promise<StoredCard | null> {
    const deadline = Date.now() + (deps.claimWaitMs ?? 5_000);
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const card = await cards.get(incidentId);
      if (card?.ts) return card;
    }
    return null;
  }

  async function refresh(incidentId: string, card: StoredCard): Promise<void> {
    const loaded = await loadRcaCard(deps, incidentId);
    if (loaded === null || card.ts === null) return;
    await client.chat.update({
      channel: card.channel,
      ts: card.ts,
      text: loaded.card.text,
      blocks: loaded.card.blocks,
    });
  }

  /** Posts a thread line once per `key`, however often the notification is repeated. */
  async function threadLine(card: StoredCard, key: string, text: string): Promise<void> {
    if (card.ts === null || !(await cards.claimNote(card.incidentId, key))) return;
    try {
      await client.chat.postMessage({ channel: card.channel, thread_ts: card.ts, text, unfurl_links: false });
    } catch (error) {
      await cards.releaseNote(card.incidentId, key);
      throw error;
    }
  }

  async function uploadChart(card: StoredCard): Promise<void> {
    if (card.ts === null || card.chartFileId !== null) return;
    const facts = await deps.lookup.get(card.incidentId);
    const signal = facts?.rca ? pickKeySignal(facts.rca) : null;
    if (signal === null || !(await cards.claimChart(card.incidentId))) return;
    try {
      const png = renderSignalChart(signal, deps.chart);
      const uploaded = await client.files.uploadV2({
        channel_id: card.channel,
        thread_ts: card.ts,
        file: png,
        filename: `vigil-${card.incidentId.slice(0, 8)}-key-signal.png`,
        title: truncate(signal.title, 100),
        alt_text: `Chart of ${signal.title} with the onset${signal.change ? " and the suspect change" : ""} marked`,
        initial_comment: `Key signal: ${escapeMrkdwn(truncate(signal.title, 150))}`,
      });
      await cards.chartUploaded(card.incidentId, fileIdOf(uploaded) ?? "uploaded");
    } catch (error) {
      await cards.chartUploaded(card.incidentId, null);
      throw error;
    }
  }

  const safely =
    <Args extends unknown[]>(name: string, work: (incidentId: string, ...args: Args) => Promise<void>) =>
    async (incidentId: string, ...args: Args): Promise<void> => {
      try {
        await work(incidentId, ...args);
      } catch (error) {
        logger.warn("Slack notification failed", { notification: name, incidentId, error });
      }
    };

  return {
    investigationStarted: safely("investigationStarted", async (incidentId) => {
      const card = await ensureCard(incidentId);
      if (card !== null) await threadLine(card, "started", ":mag: Investigation started.");
    }),
    rcaReady: safely("rcaReady", async (incidentId) => {
      const card = await ensureCard(incidentId);
      if (card === null) return;
      // A card posted just now already shows the RCA; one posted earlier is brought up to date.
      if (!card.fresh) await refresh(incidentId, card);
      const gaps = (await deps.lookup.get(incidentId))?.rca?.gaps ?? [];
      if (gaps.length > 0) await threadLine(card, "gaps", gapsLine(gaps));
      await uploadChart(card);
    }),
    progress: safely("progress", async (incidentId, text: string) => {
      const card = await ensureCard(incidentId);
      const key = `progress:${createHash("sha256").update(text).digest("hex").slice(0, 16)}`;
      if (card !== null) await threadLine(card, key, escapeMrkdwn(truncate(text, 2_000)));
    }),
    mitigationChanged: safely(
      "mitigationChanged",
      async (incidentId, state: MitigationState, by?: string) => {
        const card = await ensureCard(incidentId);
        if (card === null) return;
        if (!card.fresh) await refresh(incidentId, card);
        const status = await deps.mitigationOf(incidentId);
        const planId = status?.plan.id ?? "none";
        await threadLine(card, `state:${planId}:${state}`, stateLine(state, by, status));
      },
    ),
    refreshCard: safely("refreshCard", async (incidentId) => {
      const card = await ensureCard(incidentId);
      if (card !== null && !card.fresh) await refresh(incidentId, card);
    }),
  };
}

function gapsLine(gaps: InvestigationGap[]): string {
  const listed = gaps.map(
    (gap) =>
      `• ${codeSpan(gap.investigator)} could not read ${codeSpan(gap.source)} (${gap.reason}): ${codeSpan(truncate(gap.message, 200))}`,
  );
  return [":warning: Investigation gaps (the RCA was written without these):", ...listed].join("\n");
}

function fileIdOf(result: unknown): string | null {
  const files = (result as { files?: Array<{ files?: Array<{ id?: string }> }> }).files;
  return files?.[0]?.files?.[0]?.id ?? null;
}
