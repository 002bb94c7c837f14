import type { WebClient } from "@slack/web-api";
import type { ApproverDirectory } from "../../src/approval/approver-directory.ts";
import type { Clock } from "../../src/ports/clock.ts";

/**
 * Approver groups are Slack user groups, read with usergroups.users.list and kept for `ttlMs`, so
 * that a burst of clicks asks Slack once, and a removal from the group counts within a minute.
 * A failed lookup is not cached and throws: the click is then refused.
 */
export function createSlackApproverDirectory({
  client,
  clock,
  ttlMs = 60_000,
}: {
  client: WebClient;
  clock: Clock;
  ttlMs?: number;
}): ApproverDirectory {
  const cache = new Map<string, { at: number; members: Promise<string[]> }>();
  return {
    async membersOf(groupId) {
      const now = clock.now().getTime();
      const cached = cache.get(groupId);
      if (cached !== undefined && now - cached.at < ttlMs) return await cached.members;
      const members = client.usergroups.users
        .list({ usergroup: groupId, include_disabled: false })
        .then((result) => result.users ?? []);
      cache.set(groupId, { at: now, members });
      members.catch(() => cache.delete(groupId));
      return await members;
    },
  };
}
