import type { Scenario } from "../../lib/scenario.ts";
import { payments } from "../../platforms/payments.ts";
import { fx, latencyAlert } from "../common.ts";
import { dep, labels, ns } from "./shared.ts";

export const payFraudCpuSaturation: Scenario = {
  id: "pay-fraud-cpu-saturation",
  platform: payments,
  faultAt: "2024-03-19T14:35:00Z",
  beforeMin: 36,
  step: 60,
  nowAfter: 180,
  build(b) {
    const T = b.T;
    b.effect(
      fx("fraud-scoring", "cpu", T, 2.3, { ramp: 240 }),
      fx("fraud-scoring", "lat", T + 60, 7, { ramp: 200 }),
      fx("fraud-scoring", "sigma", T + 60, 0.3, { ramp: 200 }),
      fx("payments-api", "latAdd", T + 80, 0.6, { ramp: 200 }),
    );
    b.logs(
      {
        service: "fraud-scoring",
        at: T + 60,
        perMin: 2,
        level: "warn",
        render: (c) => ({
          logger: "com.acme.fraud.RuleEngine",
          msg: `Rule evaluation took ${c.rng.int(300, 1400)} ms (budget 100 ms) for merchant m_${c.rng.hex(6)}`,
        }),
      },
      {
        service: "fraud-scoring",
        at: T + 30,
        perMin: 2,
        level: "info",
        render: (c) => ({
          logger: "gc",
          msg: `GC(${c.rng.int(9000, 9999)}) Pause Young (Normal) (G1 Evacuation Pause) ${c.rng.int(500, 700)}M->${c.rng.int(180, 260)}M(1280M) ${c.rng.float(30, 140).toFixed(3)}ms`,
        }),
      },
    );
    b.distract({ avoid: ["fraud-scoring"], deploys: 1, configs: 1 });
    b.alert({
      source: "alertmanager",
      alerts: [
        latencyAlert(b.svc("payments-api"), ns, 0.99, {
          alertname: "PaymentsApiLatencyHigh",
          labels: labels("payments-api", "warning"),
          threshold: 1.5,
        }),
      ],
    });
    b.title("Payments latency: fraud-scoring is CPU-throttled at its limit")
      .tags("cpu-saturation", "payments")
      .expect({
        rootCause: { service: "fraud-scoring", kind: "cpu-saturation" },
        mitigation: { action: "scale-out", target: dep("fraud-scoring") },
      })
      .notes(
        "From T fraud-scoring needs 2.3x the CPU per request (traffic unchanged, no change event there): it hits its 1-core limit, CFS throttling climbs, scoring latency x7, payments-api p99 alerts. More replicas spread the load: scale-out.",
      );
  },
};
