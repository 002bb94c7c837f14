import { LogLevel, WebClient } from "@slack/web-api";

export interface SlackWebClientOptions {
  botToken: string;
  /** The Web API base (a proxy, a test double); default https://slack.com/api/. */
  apiUrl?: string | null;
  /**
   * Retries for failed calls. Few and short by default: a notifier must not hold an investigation
   * for half an hour (the SDK's default) when Slack is down.
   */
  retries?: number;
  timeoutMs?: number;
}

/** The Web API client every Slack call of Vigil's goes through. */
export function createSlackWebClient(options: SlackWebClientOptions): WebClient {
  return new WebClient(options.botToken, {
    ...(options.apiUrl ? { slackApiUrl: withTrailingSlash(options.apiUrl) } : {}),
    retryConfig: { retries: options.retries ?? 2, factor: 2, minTimeout: 200, maxTimeout: 2_000 },
    timeout: options.timeoutMs ?? 10_000,
    logLevel: LogLevel.ERROR,
  });
}

/** Slack's own form, e.g. `https://slack.com/api/`: methods are appended to it. */
export function withTrailingSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}
