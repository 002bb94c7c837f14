import { z } from "zod";
import type { VigilEnv } from "../env-schema.ts";

/** `pagerduty:` in vigil.yaml (write-back options) and the PagerDuty API env vars. */
export const pagerdutyFileSchema = z.looseObject({});

export const pagerdutyEnvShape = {};

export type PagerdutyFileSection = z.output<typeof pagerdutyFileSchema>;
export type PagerdutySettings = PagerdutyFileSection;

export function resolvePagerdutySettings(
  file: PagerdutyFileSection | undefined,
  _env: VigilEnv,
): PagerdutySettings | null {
  return file ?? null;
}
