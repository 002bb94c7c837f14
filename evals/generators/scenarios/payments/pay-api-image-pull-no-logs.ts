import type { Scenario } from "../../lib/scenario.ts";
import { payments } from "../../platforms/payments.ts";
import { fx, latencyAlert } from "../common.ts";
import { dep, labels, ns } from "./shared.ts";

export const payApiImagePullNoLogs: Scenario = {
  id: "pay-api-image-pull-no-logs",
  platform: payments,
  faultAt: "2025-04-08T14:05:00Z",
  beforeMin: 36,
  step: 60,
  nowAfter: 170,
  build(b) {
    const T = b.T;
    b.override("payments-api", {
      replicas: 4,
      cpu: 0.6,
      cpuLimit: 1,
      hpa: { min: 4, max: 6, cpuTarget: 65 },
    });
    b.effect(fx("payments-api", "rps", b.start - 600, 1.5, { ramp: 0 }));
    const change = b.deploy({
      service: "payments-api",
      at: T,
      version: "5.9.0",
      mode: "image-pull",
      summary: "ci: deploy payments-api 5.9.0 (pipeline 88231)",
      origin: "github",
      author: "flux-image-automation",
    });
    b.effect(
      fx("payments-api", "lat", T + 10, 4, { ramp: 150 }),
      fx("payments-api", "sigma", T + 10, 0.2, { ramp: 150 }),
    );
    b.distract({ avoid: ["payments-api"], deploys: 1, configs: 1 });
    b.drop("logs");
    b.alert({
      source: "alertmanager",
      alerts: [
        latencyAlert(b.svc("payments-api"), ns, 0.99, {
          alertname: "PaymentsApiLatencyHigh",
          labels: labels("payments-api", "warning"),
          threshold: 1,
        }),
      ],
    });
    b.title("Payments latency: a deploy whose image does not exist leaves the API short of pods (no logs)")
      .tags("image-pull", "payments", "hard", "source-down")
      .expect({
        rootCause: { service: "payments-api", kind: "image-pull", change },
        mitigation: { action: "rollback", target: dep("payments-api") },
      })
      .notes(
        "payments-api 5.9.0 references an image tag that was never pushed: the new pods sit in ImagePullBackOff, the rollout has already removed one of four old pods; at campaign traffic the remaining three are CPU-throttled and p99 climbs. The log source is down. Roll back the Deployment.",
      );
  },
};
