import { z } from "zod";
import type { VigilEnv } from "../env-schema.ts";
import { optionalString } from "../env-value.ts";

const DEFAULT_API_URL = "https://api.pagerduty.com";

const httpUrl = z
  .url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" })
  // `${url}/incidents/…` must not become `…//incidents/…`.
  .transform((url) => url.replace(/\/+$/, ""));

/**
 * `pagerduty:` in vigil.yaml: how Vigil writes back to PagerDuty incidents. Strict, so that a
 * misspelt option (`acknowledgeOnstart`) is reported instead of silently doing nothing.
 */
export const pagerdutyFileSchema = z.strictObject({
  /** Acknowledge the PagerDuty incident when Vigil starts investigating it. */
  acknowledgeOnStart: z.boolean().default(false),
  /** A PagerDuty user's login email: the `From` header that account API keys need for writes. */
  fromEmail: z.email().optional(),
  /** The REST API base URL; only tests and egress proxies change it. */
  apiUrl: httpUrl.default(DEFAULT_API_URL),
  /** Where people reach this Vigil, for the RCA link in notes, e.g. `https://vigil.example.com`. */
  publicUrl: httpUrl.optional(),
});

export const pagerdutyEnvShape = {
  /** A PagerDuty REST API key (account "General Access" key or a user token). Unset: no write-back. */
  VIGIL_PAGERDUTY_API_TOKEN: optionalString(),
};

export type PagerdutyFileSection = z.output<typeof pagerdutyFileSchema>;

/** PagerDuty write-back, resolved. Present only when an API token is configured. */
export interface PagerdutySettings {
  apiToken: string;
  apiUrl: string;
  /** null: no `From` header is sent, which only user tokens allow. */
  fromEmail: string | null;
  acknowledgeOnStart: boolean;
  /** null: notes carry no link back to Vigil. */
  publicUrl: string | null;
}

export function resolvePagerdutySettings(
  file: PagerdutyFileSection | undefined,
  env: VigilEnv,
): PagerdutySettings | null {
  const apiToken = env.VIGIL_PAGERDUTY_API_TOKEN;
  if (apiToken === undefined) return null;
  return {
    apiToken,
    apiUrl: file?.apiUrl ?? DEFAULT_API_URL,
    fromEmail: file?.fromEmail ?? null,
    acknowledgeOnStart: file?.acknowledgeOnStart ?? false,
    publicUrl: file?.publicUrl ?? null,
  };
}
