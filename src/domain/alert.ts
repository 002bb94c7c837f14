export type AlertSource = "alertmanager" | "pagerduty";
export type AlertStatus = "firing" | "resolved";

/**
 * One alert, normalized from whichever sender delivered it. `fingerprint` is stable across
 * redeliveries of the same alert; `groupKey` is the sender's own grouping (Alertmanager
 * `groupKey`, PagerDuty incident id) and is how alerts join an incident.
 */
export interface Alert {
  source: AlertSource;
  fingerprint: string;
  status: AlertStatus;
  name: string;
  severity: string;
  summary: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: Date;
  endsAt: Date | null;
  groupKey: string;
  /** PagerDuty incident id, when the sender has one. */
  externalId: string | null;
}
