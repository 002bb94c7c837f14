import type { Rng } from "./rng.ts";
import { isoMillis } from "./time.ts";

/** Prometheus `model.LabelSet.Fingerprint()`: FNV-1a 64 over sorted name/value pairs, 0xff separated. */
export function labelFingerprint(labels: Record<string, string>): string {
  const prime = 1099511628211n;
  const mask = (1n << 64n) - 1n;
  let hash = 14695981039346656037n;
  const add = (bytes: Uint8Array) => {
    for (const b of bytes) {
      hash ^= BigInt(b);
      hash = (hash * prime) & mask;
    }
  };
  const encoder = new TextEncoder();
  const sep = new Uint8Array([255]);
  for (const name of Object.keys(labels).sort()) {
    add(encoder.encode(name));
    add(sep);
    add(encoder.encode(labels[name] ?? ""));
    add(sep);
  }
  return hash.toString(16).padStart(16, "0");
}

export interface AmAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: number;
  expr: string;
}

function sortKeys(obj: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(obj).sort(([a], [b]) => a.localeCompare(b)));
}

function common(maps: Array<Record<string, string>>): Record<string, string> {
  const [first, ...rest] = maps;
  if (!first) return {};
  return sortKeys(
    Object.fromEntries(Object.entries(first).filter(([k, v]) => rest.every((m) => m[k] === v))),
  );
}

/** The body Alertmanager 0.25+ POSTs to a webhook receiver (version "4"). */
export function alertmanagerPayload(opts: {
  alerts: AmAlert[];
  groupBy: string[];
  receiver: string;
  route: string;
  prometheus: string;
  alertmanager: string;
}): Record<string, unknown> {
  const first = opts.alerts[0];
  if (!first) throw new Error("an Alertmanager notification needs an alert");
  const groupLabels = sortKeys(Object.fromEntries(opts.groupBy.map((k) => [k, first.labels[k] ?? ""])));
  const groupKey = `${opts.route}:{${Object.entries(groupLabels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(", ")}}`;
  return {
    receiver: opts.receiver,
    status: "firing",
    alerts: opts.alerts.map((a) => ({
      status: "firing",
      labels: sortKeys(a.labels),
      annotations: sortKeys(a.annotations),
      startsAt: isoMillis(a.startsAt),
      endsAt: "0001-01-01T00:00:00Z",
      generatorURL: `${opts.prometheus}/graph?g0.expr=${encodeURIComponent(a.expr)}&g0.tab=1`,
      fingerprint: labelFingerprint(a.labels),
    })),
    groupLabels,
    commonLabels: common(opts.alerts.map((a) => a.labels)),
    commonAnnotations: common(opts.alerts.map((a) => a.annotations)),
    externalURL: opts.alertmanager,
    version: "4",
    groupKey,
    truncatedAlerts: 0,
  };
}

const PD_ID = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

function pdRef(rng: Rng, domain: string, kind: string, path: string, summary: string) {
  const id = `P${rng.chars(6, PD_ID)}`;
  return {
    html_url: `https://${domain}.pagerduty.com/${path}/${id}`,
    id,
    self: `https://api.pagerduty.com/${path}/${id}`,
    summary,
    type: `${kind}_reference`,
  };
}

/** A PagerDuty webhook v3 `incident.triggered` envelope as PagerDuty POSTs it. */
export function pagerdutyPayload(opts: {
  rng: Rng;
  domain: string;
  title: string;
  serviceSummary: string;
  createdAt: number;
  urgency: "high" | "low";
  priority: string | null;
  assignee: string;
  escalationPolicy: string;
  team: string;
  number: number;
}): Record<string, unknown> {
  const { rng, domain } = opts;
  const incidentId = `Q${rng.chars(13, PD_ID)}`;
  const service = pdRef(rng, domain, "service", "services", opts.serviceSummary);
  return {
    event: {
      id: `01${rng.chars(24, PD_ID)}`,
      event_type: "incident.triggered",
      resource_type: "incident",
      occurred_at: isoMillis(opts.createdAt + rng.float(0.2, 1.5)),
      agent: service,
      client: null,
      data: {
        id: incidentId,
        type: "incident",
        self: `https://api.pagerduty.com/incidents/${incidentId}`,
        html_url: `https://${domain}.pagerduty.com/incidents/${incidentId}`,
        number: opts.number,
        status: "triggered",
        incident_key: rng.hex(32),
        created_at: new Date(Math.floor(opts.createdAt) * 1000).toISOString().replace(".000Z", "Z"),
        title: opts.title,
        service,
        assignees: [pdRef(rng, domain, "user", "users", opts.assignee)],
        escalation_policy: pdRef(
          rng,
          domain,
          "escalation_policy",
          "escalation_policies",
          opts.escalationPolicy,
        ),
        teams: [pdRef(rng, domain, "team", "teams", opts.team)],
        priority: opts.priority ? pdRef(rng, domain, "priority", "priorities", opts.priority) : null,
        urgency: opts.urgency,
        conference_bridge: null,
        resolve_reason: null,
      },
    },
  };
}
