import { z } from "zod";

const labels = z.record(z.string(), z.string());
// Go's RFC 3339 with nanoseconds, e.g. 2024-05-01T10:00:00.123456789Z, or with an offset.
const timestamp = z.iso.datetime({ offset: true });

export const alertmanagerAlertSchema = z.object({
  status: z.enum(["firing", "resolved"]),
  labels,
  annotations: labels,
  startsAt: timestamp,
  /** `0001-01-01T00:00:00Z` while firing with no known end. */
  endsAt: timestamp,
  generatorURL: z.string(),
  fingerprint: z.string().min(1),
});

/** Alertmanager's webhook body, version 4 (unchanged from 0.x through 0.27). Extra fields are kept in the raw payload. */
export const alertmanagerWebhookSchema = z.object({
  version: z.literal("4"),
  groupKey: z.string().min(1),
  truncatedAlerts: z.number().int().min(0).optional(),
  status: z.enum(["firing", "resolved"]),
  receiver: z.string(),
  groupLabels: labels,
  commonLabels: labels,
  commonAnnotations: labels,
  externalURL: z.string(),
  alerts: z.array(alertmanagerAlertSchema).min(1),
});

export type AlertmanagerWebhook = z.output<typeof alertmanagerWebhookSchema>;
export type AlertmanagerAlert = z.output<typeof alertmanagerAlertSchema>;
