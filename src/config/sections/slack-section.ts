import { z } from "zod";
import { ConfigError } from "../config-error.ts";
import type { VigilEnv } from "../env-schema.ts";
import { optionalString } from "../env-value.ts";

/**
 * `slack:` in vigil.yaml and the SLACK_* env vars. Owned by the Slack integration; secrets come
 * only from env, never from the file.
 */
const slackRouteSchema = z.strictObject({
  /** Every given key must match (service, the service's team from `services[]`, alert severity). */
  match: z.strictObject({
    service: z.string().min(1).optional(),
    team: z.string().min(1).optional(),
    severity: z.string().min(1).optional(),
  }),
  channel: z.string().min(1),
});

const httpUrl = z.url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" });

export const slackFileSchema = z.looseObject({
  /** `http`: Slack calls POST /slack/events; `socket`: Vigil dials out (no public URL needed). */
  mode: z.enum(["http", "socket"]).default("http"),
  /** Where people reach Vigil (links to the RCA Markdown); without it Details answers in Slack. */
  publicUrl: httpUrl.optional(),
  /** The Web API base, e.g. an Enterprise proxy or a test double; default https://slack.com/api/. */
  apiUrl: httpUrl.optional(),
  defaultChannel: z.string().min(1).optional(),
  /** First match wins; no match goes to `defaultChannel`. */
  routes: z.array(slackRouteSchema).default([]),
});

export const slackEnvShape = {
  /** xoxb-…: the bot token; unset turns the Slack integration off. */
  SLACK_BOT_TOKEN: optionalString(),
  /** Verifies that HTTP requests come from Slack (required in http mode). */
  SLACK_SIGNING_SECRET: optionalString(),
  /** xapp-…: the app-level token Socket Mode connects with (required in socket mode). */
  SLACK_APP_TOKEN: optionalString(),
};

export type SlackFileSection = z.output<typeof slackFileSchema>;
export type SlackRoute = z.output<typeof slackRouteSchema>;

export interface SlackSettings {
  mode: "http" | "socket";
  botToken: string;
  /** Set in http mode. */
  signingSecret: string | null;
  /** Set in socket mode. */
  appToken: string | null;
  /** Without a trailing slash. */
  publicUrl: string | null;
  apiUrl: string | null;
  defaultChannel: string | null;
  routes: SlackRoute[];
}

/** null when SLACK_BOT_TOKEN is unset: Vigil then runs without Slack. */
export function resolveSlackSettings(
  file: SlackFileSection | undefined,
  env: Partial<Pick<VigilEnv, keyof typeof slackEnvShape>>,
): SlackSettings | null {
  const botToken = env.SLACK_BOT_TOKEN;
  if (botToken === undefined) return null;
  const mode = file?.mode ?? "http";
  const problems: string[] = [];
  if (mode === "http" && env.SLACK_SIGNING_SECRET === undefined) {
    problems.push("env SLACK_SIGNING_SECRET: required when SLACK_BOT_TOKEN is set and slack.mode is http");
  }
  if (mode === "socket" && env.SLACK_APP_TOKEN === undefined) {
    problems.push("env SLACK_APP_TOKEN: required when slack.mode is socket");
  }
  if (problems.length > 0)
    throw new ConfigError(`Invalid configuration:\n  ${problems.join("\n  ")}`, problems);
  return {
    mode,
    botToken,
    signingSecret: env.SLACK_SIGNING_SECRET ?? null,
    appToken: env.SLACK_APP_TOKEN ?? null,
    publicUrl: file?.publicUrl?.replace(/\/+$/, "") ?? null,
    apiUrl: file?.apiUrl ?? null,
    defaultChannel: file?.defaultChannel ?? null,
    routes: file?.routes ?? [],
  };
}
