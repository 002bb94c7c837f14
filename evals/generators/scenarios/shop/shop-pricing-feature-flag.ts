import type { Scenario } from "../../lib/scenario.ts";
import { shop } from "../../platforms/shop.ts";
import { errorAlert, flagTarget, fx } from "../common.ts";
import { ns, reqId, team } from "./shared.ts";

export const shopPricingFeatureFlag: Scenario = {
  id: "shop-pricing-feature-flag",
  platform: shop,
  faultAt: "2024-12-05T18:20:00Z",
  beforeMin: 36,
  step: 60,
  nowAfter: 170,
  build(b) {
    const T = b.T;
    const key = "pricing-dynamic-bundles";
    const change = b.flag({
      service: "pricing",
      at: T,
      key,
      from: "off",
      to: "on (100%)",
      summary: `Turned on \`${key}\` for 100% of production traffic`,
      author: "lea.martin",
    });
    b.effect(
      fx("pricing", "lat", T + 20, 6, { ramp: 60 }),
      fx("pricing", "err", T + 30, 0.09, { ramp: 90 }),
      fx("catalog", "rps", T + 20, 2.2, { ramp: 60 }),
      fx("catalog", "lat", T + 40, 1.4, { ramp: 90 }),
      fx("checkout", "err", T + 40, 0.07, { ramp: 90 }),
      fx("checkout", "latAdd", T + 40, 0.15, { ramp: 90 }),
      fx("storefront", "latAdd", T + 40, 0.06, { ramp: 90 }),
    );
    b.logs(
      {
        service: "pricing",
        at: T + 5,
        perMin: 3,
        level: "debug",
        render: (c) => ({
          msg: "computing bundle discounts",
          fields: { items: c.rng.int(2, 14), rules: c.rng.int(20, 60) },
        }),
      },
      {
        service: "pricing",
        at: T + 30,
        perMin: 2,
        level: "warn",
        render: () => ({
          msg: "bundle pricing fell back to list price",
          fields: { reason: "catalog timeout" },
        }),
      },
      {
        service: "pricing",
        at: T + 40,
        perMin: 1.25,
        level: "error",
        render: (c) => ({
          msg: "failed to price basket",
          fields: { reqId: reqId(c), err: "TimeoutError: catalog did not respond within 800ms" },
        }),
      },
      {
        service: "checkout",
        at: T + 50,
        perMin: 0.6,
        level: "error",
        render: (c) => ({
          msg: "pricing call failed",
          fields: { reqId: reqId(c), status: 500, upstream: "pricing" },
        }),
      },
    );
    b.deploy({ service: "cart", at: T - 540 });
    b.distract({ avoid: ["pricing", "cart"], deploys: 1, configs: 0, flags: 1 });
    b.alert({
      source: "alertmanager",
      alerts: [
        errorAlert(b.svc("checkout"), ns, {
          alertname: "CheckoutHighErrorRate",
          labels: { severity: "critical", service: "checkout", ...team },
          threshold: 0.04,
        }),
      ],
    });
    b.title("Checkout errors after a pricing feature flag is turned on")
      .tags("feature-flag", "shop", "traffic-changes")
      .expect({
        rootCause: { service: "pricing", kind: "feature-flag", change },
        mitigation: { action: "disable-flag", target: flagTarget(key) },
      })
      .notes(
        "At T the flag pricing-dynamic-bundles goes to 100%: pricing now prices bundles item by item, calls catalog x2.2 as often, slows x6 and times out; checkout (which calls pricing) fails ~7% and alerts. A cart deploy 9 min earlier and an unrelated flag are distractors.",
      );
  },
};
