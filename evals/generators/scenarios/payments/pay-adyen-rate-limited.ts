import type { Scenario } from "../../lib/scenario.ts";
import { payments } from "../../platforms/payments.ts";
import { errorAlert, fx } from "../common.ts";
import { labels, ns } from "./shared.ts";

export const payAdyenRateLimited: Scenario = {
  id: "pay-adyen-rate-limited",
  platform: payments,
  faultAt: "2024-09-02T14:10:00Z",
  beforeMin: 36,
  step: 60,
  nowAfter: 170,
  build(b) {
    const T = b.T;
    b.effect(
      fx("adyen", "err:429", T, 0.28, { ramp: 90 }),
      fx("adyen", "rps", T + 15, 1.6, { ramp: 90 }),
      fx("card-gateway", "err:503", T + 20, 0.2, { ramp: 90 }),
      fx("card-gateway", "latAdd", T + 20, 0.9, { ramp: 90 }),
      fx("payments-api", "err:503", T + 25, 0.17, { ramp: 90 }),
      fx("payments-api", "latAdd", T + 25, 0.8, { ramp: 90 }),
    );
    b.logs(
      {
        service: "card-gateway",
        at: T + 5,
        perMin: 5,
        level: "warn",
        render: (c) => ({
          logger: "com.acme.acquirer.AdyenClient",
          msg: `Acquirer responded 429 Too Many Requests, retrying in ${c.rng.pick([200, 400, 800])} ms (attempt ${c.rng.int(2, 3)}/3)`,
        }),
      },
      {
        service: "card-gateway",
        at: T + 30,
        perMin: 3,
        level: "error",
        render: (c) => ({
          logger: "com.acme.acquirer.AdyenClient",
          msg: `Authorisation auth_${c.rng.hex(10)} failed after retries: HTTP 429 from checkout-live.adyenpayments.com`,
        }),
      },
    );
    b.distract({ avoid: ["card-gateway"], deploys: 2, configs: 1 });
    b.alert({
      source: "alertmanager",
      alerts: [
        errorAlert(b.svc("payments-api"), ns, {
          alertname: "PaymentsApiErrorRateHigh",
          labels: labels("payments-api"),
          threshold: 0.05,
        }),
      ],
    });
    b.title("Payments errors: the acquirer rate-limits card-gateway")
      .tags("rate-limited", "payments", "traffic-changes")
      .expect({
        rootCause: { service: "adyen", kind: "rate-limited" },
        acceptable: [{ service: "card-gateway", kind: "rate-limited" }],
        mitigation: { action: "none" },
      })
      .notes(
        "From T Adyen answers 429 to ~28% of authorisations; card-gateway retries (calls x1.6) and surfaces 503; payments-api fails ~17%. Provider or caller named as rate-limited both count. No catalog action: none.",
      );
  },
};
