import type { Scenario } from "../../lib/scenario.ts";
import { shop } from "../../platforms/shop.ts";
import { errorAlert, fx } from "../common.ts";
import { ns, reqId, team } from "./shared.ts";

export const shopStripeRateLimited: Scenario = {
  id: "shop-stripe-rate-limited",
  platform: shop,
  faultAt: "2024-11-11T11:11:00Z",
  beforeMin: 36,
  step: 60,
  nowAfter: 170,
  build(b) {
    const T = b.T;
    b.effect(
      fx("storefront", "rps", b.start - 600, 1.4, { ramp: 0 }),
      fx("checkout", "rps", b.start - 600, 1.8, { ramp: 0 }),
      fx("stripe", "rps", b.start - 600, 1.8, { ramp: 0 }),
    );
    b.effect(
      fx("stripe", "err:429", T, 0.3, { ramp: 90 }),
      fx("stripe", "rps", T + 20, 1.7, { ramp: 90 }),
      fx("checkout", "err:502", T + 30, 0.2, { ramp: 90 }),
      fx("checkout", "latAdd", T + 30, 0.8, { ramp: 90 }),
    );
    b.logs(
      {
        service: "checkout",
        at: T + 10,
        perMin: 3,
        level: "warn",
        render: () => ({
          msg: "stripe rate limited request, backing off",
          fields: { status: 429, retryAfter: 1, host: "api.stripe.com" },
        }),
      },
      {
        service: "checkout",
        at: T + 40,
        perMin: 1.5,
        level: "error",
        render: (c) => ({
          msg: "payment intent creation failed",
          fields: {
            reqId: reqId(c),
            provider: "stripe",
            status: 429,
            err: "StripeRateLimitError: Too many requests made to the API too quickly",
          },
        }),
      },
    );
    b.distract({ avoid: ["checkout"], deploys: 2, configs: 1 });
    b.alert({
      source: "alertmanager",
      alerts: [
        errorAlert(b.svc("checkout"), ns, {
          alertname: "CheckoutHighErrorRate",
          labels: { severity: "critical", service: "checkout", ...team },
          threshold: 0.06,
        }),
      ],
    });
    b.title("Checkout errors: Stripe rate-limits the shop during a sale")
      .tags("rate-limited", "shop", "traffic-changes")
      .expect({
        rootCause: { service: "stripe", kind: "rate-limited" },
        acceptable: [{ service: "checkout", kind: "rate-limited" }],
        mitigation: { action: "none" },
      })
      .notes(
        "Sale traffic (checkout x1.8 all window). From T Stripe answers 429 to ~30% of calls; checkout retries (calls to Stripe x1.7) and fails ~20%. Either the provider (stripe) or the caller (checkout) named as rate-limited counts. No catalog action lifts a provider's limit: none.",
      );
  },
};
