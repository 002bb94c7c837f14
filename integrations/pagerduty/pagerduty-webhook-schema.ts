import { z } from "zod";

const timestamp = z.iso.datetime({ offset: true });

const reference = z.object({ id: z.string(), summary: z.string().optional(), type: z.string().optional() });

/** The v3 envelope: one event per delivery; `data` depends on `event_type`. */
export const pagerdutyWebhookSchema = z.object({
  event: z.object({
    id: z.string().min(1),
    event_type: z.string().min(1),
    resource_type: z.string().min(1),
    occurred_at: timestamp,
    agent: z.unknown().optional(),
    client: z.unknown().optional(),
    data: z.record(z.string(), z.unknown()),
  }),
});

/** `event.data` when `data.type` is `incident` (incident.triggered, .acknowledged, .resolved, ...). */
export const pagerdutyIncidentSchema = z.object({
  id: z.string().min(1),
  type: z.literal("incident"),
  self: z.string().optional(),
  html_url: z.string().optional(),
  number: z.number().int().optional(),
  status: z.enum(["triggered", "acknowledged", "resolved"]),
  incident_key: z.string().nullable().optional(),
  created_at: timestamp,
  title: z.string(),
  service: reference,
  assignees: z.array(reference).optional(),
  escalation_policy: reference.optional(),
  teams: z.array(reference).optional(),
  priority: reference.nullable().optional(),
  urgency: z.string().optional(),
  resolve_reason: z.unknown().optional(),
});

export type PagerdutyWebhook = z.output<typeof pagerdutyWebhookSchema>;
export type PagerdutyIncident = z.output<typeof pagerdutyIncidentSchema>;
