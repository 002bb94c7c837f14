import { z } from "zod";
import type { VigilEnv } from "../env-schema.ts";

/** `model:` in vigil.yaml and the model API key env vars. Absent: deterministic analysis only. */
export const modelFileSchema = z.looseObject({});

export const modelEnvShape = {};

export type ModelFileSection = z.output<typeof modelFileSchema>;
export type ModelSettings = ModelFileSection;

export function resolveModelSettings(
  file: ModelFileSection | undefined,
  _env: VigilEnv,
): ModelSettings | null {
  return file ?? null;
}
