/**
 * Who belongs to an approver group (Slack user groups, S…). `membersOf` returns the user ids, empty
 * when the group has none; it throws when the directory cannot be asked, and the click is then
 * refused rather than guessed.
 */
export interface ApproverDirectory {
  membersOf(groupId: string): Promise<string[]>;
}

/** For installs whose policy lists only users: any group lookup finds nobody. */
export const emptyApproverDirectory: ApproverDirectory = { membersOf: async () => [] };
