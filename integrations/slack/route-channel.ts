import type { SlackRoute } from "../../src/config/sections/slack-section.ts";

/** What a route can match on for one incident. */
export interface RoutingFacts {
  /** The alerting services and the RCA's top service. */
  services: readonly string[];
  /** Their teams, from vigil.yaml `services[].team` or the alerts' `team` label. */
  teams: readonly string[];
  severity: string;
}

/**
 * The channel for an incident's card: the first route whose every given key matches (service and
 * team match when any of the incident's services or teams equals them; severity case-insensitively),
 * else the default channel, else null (no card is posted).
 */
export function routeChannel(
  routing: { routes: readonly SlackRoute[]; defaultChannel: string | null },
  facts: RoutingFacts,
): string | null {
  for (const route of routing.routes) {
    const { service, team, severity } = route.match;
    if (service !== undefined && !facts.services.includes(service)) continue;
    if (team !== undefined && !facts.teams.includes(team)) continue;
    if (severity !== undefined && severity.toLowerCase() !== facts.severity.toLowerCase()) continue;
    return route.channel;
  }
  return routing.defaultChannel;
}
