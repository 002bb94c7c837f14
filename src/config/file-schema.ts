import { z } from "zod";
import { MITIGATION_ACTIONS } from "../domain/index.ts";

const labelMap = z.record(z.string(), z.string());

/** One entry of the service catalog: how Vigil names a service and what it depends on. */
const serviceSchema = z.strictObject({
  name: z.string().min(1),
  namespace: z.string().min(1).optional(),
  team: z.string().min(1).optional(),
  labels: labelMap.default({}),
  dependsOn: z.array(z.string().min(1)).default([]),
});

const slackRouteSchema = z.looseObject({
  match: z.looseObject({
    service: z.string().optional(),
    team: z.string().optional(),
    severity: z.string().optional(),
  }),
  channel: z.string().min(1),
});

// Slack, policy and sources are filled in by later issues; they are loose so that adding a key there
// does not break files written today, while the keys defined here are already checked.
const slackSchema = z.looseObject({
  defaultChannel: z.string().min(1).optional(),
  routes: z.array(slackRouteSchema).default([]),
});

const policySchema = z.looseObject({
  allowedActions: z.array(z.enum(MITIGATION_ACTIONS)).optional(),
  approvers: z.array(z.string().min(1)).default([]),
});

const httpSource = z.looseObject({ url: z.url({ protocol: /^https?$/ }) });

const sourcesSchema = z.looseObject({
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

/** `vigil.yaml`. Top-level keys are strict so that a misspelt section is reported, not ignored. */
export const fileSchema = z.strictObject({
  services: z.array(serviceSchema).default([]),
  slack: slackSchema.optional(),
  policy: policySchema.optional(),
  sources: sourcesSchema.optional(),
});

export type VigilFile = z.output<typeof fileSchema>;
export type ServiceCatalogEntry = z.output<typeof serviceSchema>;
