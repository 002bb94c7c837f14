import { errorRatio, rule } from "../../lib/rules.ts";
import type { Scenario } from "../../lib/scenario.ts";
import { shop } from "../../platforms/shop.ts";
import { fx } from "../common.ts";
import { reqId } from "./shared.ts";

export const shopCheckoutCertExpiredPd: Scenario = {
  id: "shop-checkout-cert-expired-pd",
  platform: shop,
  faultAt: "2024-07-01T06:12:00Z",
  beforeMin: 37,
  step: 60,
  nowAfter: 170,
  build(b) {
    const T = b.T;
    b.probe("https://checkout.shop.svc.cluster.local:8443/healthz", T);
    b.effect(
      fx("storefront", "err:502", T, 0.052, { ramp: 10 }),
      fx("checkout", "rps", T, 0.04, { ramp: 10 }),
      fx("checkout", "logs", T, 0.2, { ramp: 10 }),
    );
    b.logs({
      service: "storefront",
      at: T,
      perMin: 3,
      level: "error",
      render: (c) => ({
        msg: "upstream request failed",
        fields: {
          reqId: reqId(c),
          upstream: "checkout",
          code: "CERT_HAS_EXPIRED",
          err: "certificate has expired",
        },
      }),
    });
    b.distract({ avoid: ["checkout", "storefront"], deploys: 2, configs: 1 });
    b.alert({
      source: "pagerduty",
      title: "Storefront 5xx rate above 2%",
      serviceSummary: "Shop – Storefront (prod)",
      rule: rule(errorRatio("storefront"), ">", 0.02, 120),
      priority: "P2",
    });
    b.title("PagerDuty: storefront 5xx because checkout's serving certificate expired")
      .tags("certificate-expiry", "shop", "hard", "pagerduty", "title-only", "traffic-changes")
      .expect({
        rootCause: { service: "checkout", kind: "certificate-expiry" },
        mitigation: { action: "none" },
      })
      .notes(
        "checkout's internal TLS certificate expires at T (blackbox probe_ssl_earliest_cert_expiry = T, probe_success 0). storefront's calls fail with CERT_HAS_EXPIRED, so checkout sees almost no traffic (its own metrics look clean, only quieter). The incident is a title-only PagerDuty alert on storefront. Renewing the certificate is not in the catalog: none.",
      );
  },
};
