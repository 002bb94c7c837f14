/**
 * Text for Slack mrkdwn that came from somewhere else (telemetry, alert labels, model output).
 * Escaping &, < and > is what Slack asks for: without it `<!channel>`, `<@U…>` or `<https://…|…>`
 * inside a log line would notify people or become a link.
 */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** An inline code span; a backtick inside would close it early, so it becomes a look-alike. */
export function codeSpan(text: string): string {
  const inner = escapeMrkdwn(oneLine(text)).replaceAll("`", "ˋ");
  return inner === "" ? "` `" : `\`${inner}\``;
}

/** A fenced block; a fence inside would end it early, so each backtick becomes a look-alike. */
export function codeBlock(text: string): string {
  return `\`\`\`\n${escapeMrkdwn(text).replaceAll("`", "ˋ")}\n\`\`\``;
}

/** `<@U…>` for a real-looking Slack user id; anything else is shown as escaped text. */
export function userMention(userId: string): string {
  return /^[UW][A-Z0-9]{2,}$/.test(userId) ? `<@${userId}>` : escapeMrkdwn(userId);
}

export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Cuts at `max` characters with an ellipsis, so a block stays under Slack's size limits. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
