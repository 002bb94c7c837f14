import { z } from "zod";
import type { VigilEnv } from "../env-schema.ts";

/** `sources:` in vigil.yaml: where live investigations read. Credentials come from env. */
const httpSource = z.looseObject({ url: z.url({ protocol: /^https?$/ }) });

export const sourcesFileSchema = z.looseObject({
  prometheus: httpSource.optional(),
  loki: httpSource.optional(),
  kubernetes: z
    .looseObject({
      url: z.url({ protocol: /^https?$/ }).optional(),
      kubeconfig: z.string().min(1).optional(),
      context: z.string().min(1).optional(),
    })
    .optional(),
});

export const sourcesEnvShape = {};

export type SourcesFileSection = z.output<typeof sourcesFileSchema>;
export type SourcesSettings = SourcesFileSection;

export function resolveSourcesSettings(
  file: SourcesFileSection | undefined,
  _env: VigilEnv,
): SourcesSettings | null {
  return file ?? null;
}
