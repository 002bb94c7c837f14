import type { Scenario } from "../../lib/scenario.ts";
import { booking } from "../../platforms/booking.ts";
import { fx, latencyAlert } from "../common.ts";
import { bracket, dep, ns, vm } from "./shared.ts";

export const bookingSeatCpuTwoHop: Scenario = {
  id: "booking-seat-cpu-two-hop",
  platform: booking,
  faultAt: "2024-05-06T08:12:00Z",
  beforeMin: 38,
  step: 30,
  nowAfter: 140,
  build(b) {
    const T = b.T;
    b.effect(
      fx("seat", "cpu", T, 3.2, { ramp: 60 }),
      fx("seat", "lat", T + 20, 6, { ramp: 90 }),
      fx("travel-search", "latAdd", T + 30, 0.25, { ramp: 90 }),
      fx("order", "latAdd", T + 30, 0.18, { ramp: 90 }),
      fx("gateway", "latAdd", T + 40, 0.22, { ramp: 90 }),
      fx("ui-dashboard", "latAdd", T + 45, 0.2, { ramp: 90 }),
    );
    b.logs({
      service: "seat",
      at: T + 30,
      perMin: 1.5,
      level: "warn",
      render: (c) => bracket("distributeSeat", "Seat allocation slow", `elapsed: ${c.rng.int(300, 900)}ms`),
    });
    b.distract({ avoid: ["seat"], deploys: 2, configs: 1 });
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
    b.title("Gateway p90 up: seat is CPU-saturated two hops away (non-standard metrics)")
      .tags("cpu-saturation", "booking", "hard", "two-hop", "custom-metrics")
      .expect({
        rootCause: { service: "seat", kind: "cpu-saturation" },
        mitigation: { action: "scale-out", target: dep("seat") },
      })
      .notes(
        "From T seat's pods burn 3x the CPU (cpu_usage_rate_percent pinned near 100), seat p90 x6; travel-search and order (its callers) slow, then the gateway. Only home-grown metric names: pod_server_latency_p90_seconds, cpu_usage_rate_percent. Scale out seat.",
      );
  },
};
