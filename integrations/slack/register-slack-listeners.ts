import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { ApprovalOutcome, UndoOutcome } from "../../src/approval/approval-outcome.ts";
import type { ApprovalService } from "../../src/approval/create-approval-service.ts";
import type { SlackIncidentLookup } from "../../src/notify/slack-incident-lookup.ts";
import { type Logger, silentLogger } from "../../src/telemetry/create-logger.ts";
import { answerCommand, answerMention } from "./answer-conversation.ts";
import { ACTION_IDS, MITIGATION_BLOCK_PREFIX } from "./build-rca-card.ts";
import { rcaReply } from "./conversation-replies.ts";
import { describeApproval, describeUndo } from "./describe-outcome.ts";

export interface SlackListenerDeps {
  approvals: ApprovalService;
  /** Re-renders an incident's card from stored state (the notifier's `refreshCard`). */
  refreshCard: (incidentId: string) => Promise<void>;
  lookup: SlackIncidentLookup;
  /** true the first time an Events API event id is seen: Slack redelivers events it thinks we missed. */
  firstDelivery: (eventId: string) => Promise<boolean>;
  publicUrl: string | null;
  logger?: Logger;
}

type ButtonClick = BlockAction<ButtonAction>;

/**
 * What Vigil does when people talk to it in Slack: the card's buttons (Approve, Reject, Undo,
 * Details), `/vigil`, and mentions. Buttons ack at once (Slack waits 3 s at most); the answer to the
 * person is an ephemeral message, and the card is rendered again when something changed.
 */
export function registerSlackListeners(app: App, deps: SlackListenerDeps): void {
  const logger = deps.logger ?? silentLogger;

  const clickOf = (body: ButtonClick, action: ButtonAction) => {
    if (!action.block_id.startsWith(MITIGATION_BLOCK_PREFIX) || action.value === undefined) return null;
    return {
      incidentId: action.block_id.slice(MITIGATION_BLOCK_PREFIX.length),
      planId: action.value,
      userId: body.user.id,
    };
  };

  const tell = async (client: WebClient, body: ButtonClick, text: string) => {
    const channel = body.channel?.id ?? body.container.channel_id;
    if (typeof channel !== "string") return;
    await client.chat.postEphemeral({ channel, user: body.user.id, text });
  };

  const onDecisionClick =
    (decide: (click: NonNullable<ReturnType<typeof clickOf>>) => Promise<ApprovalOutcome>) =>
    async ({
      ack,
      body,
      action,
      client,
    }: {
      ack: () => Promise<void>;
      body: ButtonClick;
      action: ButtonAction;
      client: WebClient;
    }) => {
      await ack();
      const click = clickOf(body, action);
      if (click === null) return;
      const outcome = await decide(click);
      // The person hears at once; resuming the graph can take as long as applying and verifying.
      await tell(client, body, describeApproval(outcome));
      if (outcome.kind === "recorded" || outcome.kind === "decided" || outcome.kind === "stale") {
        await deps.refreshCard(click.incidentId);
      }
      if (outcome.kind === "decided" && (await outcome.delivery)) await deps.refreshCard(click.incidentId);
    };

  app.action<ButtonClick>(
    ACTION_IDS.approve,
    onDecisionClick((click) => deps.approvals.approve(click)),
  );
  app.action<ButtonClick>(
    ACTION_IDS.reject,
    onDecisionClick((click) => deps.approvals.reject(click)),
  );

  app.action<ButtonClick>(ACTION_IDS.undo, async ({ ack, body, action, client }) => {
    await ack();
    const click = clickOf(body, action);
    if (click === null) return;
    const outcome: UndoOutcome = await deps.approvals.requestUndo(click);
    await tell(client, body, describeUndo(outcome));
    if (outcome.kind === "requested" && (await outcome.delivery)) await deps.refreshCard(click.incidentId);
  });

  app.action<ButtonClick>(ACTION_IDS.details, async ({ ack, body, action, client }) => {
    await ack();
    // A link button still reports its click; the browser already opened the RCA.
    if (action.url !== undefined || action.value === undefined) return;
    const facts = await deps.lookup.get(action.value);
    if (facts !== null) await tell(client, body, rcaReply(facts, deps.publicUrl));
  });

  app.command("/vigil", async ({ command, ack }) => {
    const text = await answerCommand(command.text, deps.lookup, deps.publicUrl).catch((error: unknown) => {
      logger.error("/vigil failed", { error });
      return "Vigil could not read its incidents just now; try again in a minute.";
    });
    await ack({ response_type: "ephemeral", text });
  });

  app.event("app_mention", async ({ event, body, say }) => {
    if (!(await deps.firstDelivery(body.event_id))) return;
    const text = await answerMention(event.text, deps.lookup, deps.publicUrl);
    await say({ text, thread_ts: event.thread_ts ?? event.ts, unfurl_links: false });
  });

  app.error(async (error) => {
    logger.error("Slack listener failed", { error });
  });
}
