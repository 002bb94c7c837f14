import { findServiceInText } from "../../src/agent/nodes/find-service-in-text.ts";
import type { SlackIncidentLookup } from "../../src/notify/slack-incident-lookup.ts";
import {
  HELP_REPLY,
  noServiceReply,
  notFoundReply,
  rcaReply,
  serviceReply,
  statusReply,
} from "./conversation-replies.ts";

/** `/vigil status`, `/vigil rca <id>`, anything else: help. */
export async function answerCommand(
  text: string,
  lookup: SlackIncidentLookup,
  publicUrl: string | null,
): Promise<string> {
  const [verb = "", argument = ""] = text.trim().split(/\s+/);
  switch (verb.toLowerCase()) {
    case "status":
      return statusReply(await lookup.open());
    case "rca": {
      if (argument === "") return "Which incident? `/vigil rca <incident id>`";
      const facts = await lookup.find(argument);
      return facts === null ? notFoundReply() : rcaReply(facts, publicUrl);
    }
    default:
      return HELP_REPLY;
  }
}

/**
 * A mention names a service ("@vigil what's wrong with checkout?"): the newest incident that names
 * it answers. The text only selects among stored incidents; it is never followed or echoed.
 */
export async function answerMention(
  text: string,
  lookup: SlackIncidentLookup,
  publicUrl: string | null,
): Promise<string> {
  const question = text.replace(/<[@#!][^>]*>/g, " ");
  const known = await lookup.knownServices();
  const service = findServiceInText(question, known);
  if (service === null) {
    if (/\bstatus\b|\bopen\b|\bincidents?\b/i.test(question)) return statusReply(await lookup.open());
    return noServiceReply(known);
  }
  return serviceReply(service, await lookup.latestForService(service), publicUrl);
}
