import type { Scenario } from "../../lib/scenario.ts";
import { booking } from "../../platforms/booking.ts";
import { fx, latencyAlert } from "../common.ts";
import { bracket, ns, vm } from "./shared.ts";

export const bookingFareNetworkDelay: Scenario = {
  id: "booking-fare-network-delay",
  platform: booking,
  faultAt: "2024-10-14T09:40:00Z",
  beforeMin: 38,
  step: 15,
  nowAfter: 150,
  build(b) {
    const T = b.T;
    b.effect(
      fx("fare", "net", T, 0.6, { ramp: 20 }),
      fx("travel-search", "latAdd", T + 5, 0.6, { ramp: 30 }),
      fx("gateway", "latAdd", T + 10, 0.5, { ramp: 30 }),
      fx("ui-dashboard", "latAdd", T + 12, 0.45, { ramp: 30 }),
    );
    b.logs({
      service: "travel-search",
      at: T + 10,
      perMin: 1.5,
      level: "warn",
      render: (c) => bracket("queryPrices", "Price service slow", `elapsed: ${c.rng.int(600, 760)}ms`),
    });
    b.distract({ avoid: ["fare", "travel-search"], deploys: 2, configs: 1 });
    b.alert({
      source: "alertmanager",
      alerts: [
        latencyAlert(b.svc("gateway"), ns, 0.9, {
          alertname: "GatewayLatencyHigh",
          labels: vm("gateway"),
          threshold: 0.5,
        }),
      ],
    });
    b.title("Gateway p90 up: network delay on fare pods (non-standard metrics)")
      .tags("network-latency", "booking", "hard", "two-hop", "custom-metrics")
      .expect({ rootCause: { service: "fare", kind: "network-latency" }, mitigation: { action: "none" } })
      .notes(
        "From T fare's pod network adds ~600 ms: fare's own server p90 stays flat, travel-search's client p90 (pod_client_latency_p90_seconds) and server p90 jump, the gateway alerts. none.",
      );
  },
};
