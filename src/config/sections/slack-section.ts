import { z } from "zod";
import type { VigilEnv } from "../env-schema.ts";

/**
 * `slack:` in vigil.yaml and the SLACK_* env vars. Owned by the Slack integration; secrets come
 * only from env, never from the file.
 */
const slackRouteSchema = z.looseObject({
  match: z.looseObject({
    service: z.string().optional(),
    team: z.string().optional(),
    severity: z.string().optional(),
  }),
  channel: z.string().min(1),
});

export const slackFileSchema = z.looseObject({
  defaultChannel: z.string().min(1).optional(),
  routes: z.array(slackRouteSchema).default([]),
});

export const slackEnvShape = {};

export type SlackFileSection = z.output<typeof slackFileSchema>;
export type SlackSettings = SlackFileSection;

export function resolveSlackSettings(
  file: SlackFileSection | undefined,
  _env: VigilEnv,
): SlackSettings | null {
  return file ?? null;
}
