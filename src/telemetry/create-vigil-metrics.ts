import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

export interface VigilMetrics {
  registry: Registry;
  deliveries: Counter<"source" | "outcome">;
  incidentsOpened: Counter<"source">;
  ackSeconds: Histogram<"source" | "outcome">;
}

/**
 * Vigil's own metrics on a registry of its own (not prom-client's global one), so that several
 * apps in one process, as in tests and the eval harness, do not collide.
 */
export function createVigilMetrics({
  processMetrics = false,
}: {
  processMetrics?: boolean;
} = {}): VigilMetrics {
  const registry = new Registry();
  if (processMetrics) collectDefaultMetrics({ register: registry });
  return {
    registry,
    deliveries: new Counter({
      name: "vigil_webhook_deliveries_total",
      help: "Webhook deliveries by sender and outcome (opened, updated, resolved, ignored, duplicate, or an error code).",
      labelNames: ["source", "outcome"],
      registers: [registry],
    }),
    incidentsOpened: new Counter({
      name: "vigil_incidents_opened_total",
      help: "Incidents opened, by the sender of the alert that opened them.",
      labelNames: ["source"],
      registers: [registry],
    }),
    ackSeconds: new Histogram({
      name: "vigil_webhook_ack_seconds",
      help: "Time from receiving a webhook to answering it; a 2xx is sent only after the commit.",
      labelNames: ["source", "outcome"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
  };
}
