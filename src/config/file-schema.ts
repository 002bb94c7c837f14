import { z } from "zod";
import { modelFileSchema } from "./sections/model-section.ts";
import { pagerdutyFileSchema } from "./sections/pagerduty-section.ts";
import { policyFileSchema } from "./sections/policy-section.ts";
import { slackFileSchema } from "./sections/slack-section.ts";
import { sourcesFileSchema } from "./sections/sources-section.ts";

const labelMap = z.record(z.string(), z.string());

/** One entry of the service catalog: how Vigil names a service and what it depends on. */
const serviceSchema = z.strictObject({
  name: z.string().min(1),
  namespace: z.string().min(1).optional(),
  team: z.string().min(1).optional(),
  labels: labelMap.default({}),
  dependsOn: z.array(z.string().min(1)).default([]),
});

/** `vigil.yaml`. Top-level keys are strict so that a misspelt section is reported, not ignored. */
export const fileSchema = z.strictObject({
  services: z.array(serviceSchema).default([]),
  slack: slackFileSchema.optional(),
  pagerduty: pagerdutyFileSchema.optional(),
  policy: policyFileSchema.optional(),
  sources: sourcesFileSchema.optional(),
  model: modelFileSchema.optional(),
});

export type VigilFile = z.output<typeof fileSchema>;
export type ServiceCatalogEntry = z.output<typeof serviceSchema>;
