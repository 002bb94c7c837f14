import type { Scenario } from "../../lib/scenario.ts";
import { shop } from "../../platforms/shop.ts";
import { errorAlert, fx } from "../common.ts";
import { dep, ns, reqId, team } from "./shared.ts";

export const shopCheckoutBadDeploy: Scenario = {
  id: "shop-checkout-bad-deploy",
  platform: shop,
  faultAt: "2024-09-17T18:42:10Z",
  beforeMin: 36,
  step: 60,
  nowAfter: 180,
  build(b) {
    const T = b.T;
    const change = b.deploy({
      service: "checkout",
      at: T,
      version: "2.41.0",
      summary: "feat(checkout): support split tender payments (#2231)",
      origin: "argocd",
      author: "tom.okafor",
    });
    const onset = T + 75;
    b.effect(
      fx("checkout", "err", onset, 0.27, { ramp: 90 }),
      fx("storefront", "err", onset + 10, 0.012, { ramp: 90 }),
    );
    b.logs({
      service: "checkout",
      at: onset,
      perMin: 2.5,
      level: "error",
      render: (c) => ({
        msg: "unhandled error in request handler",
        fields: {
          reqId: reqId(c),
          err: "TypeError: Cannot read properties of undefined (reading 'currency')",
          at: "splitTender (/app/dist/payments/split-tender.js:88:31)",
        },
      }),
    });
    b.distract({ avoid: ["checkout"], deploys: 2, configs: 1 });
    b.alert({
      source: "alertmanager",
      alerts: [
        errorAlert(b.svc("checkout"), ns, {
          alertname: "CheckoutHighErrorRate",
          labels: { severity: "critical", service: "checkout", ...team },
          threshold: 0.05,
        }),
      ],
    });
    b.title("Checkout 5xx after a deploy of checkout")
      .tags("bad-deploy", "shop", "easy")
      .expect({
        rootCause: { service: "checkout", kind: "bad-deploy", change },
        mitigation: { action: "rollback", target: dep("checkout") },
      })
      .notes(
        "checkout 2.41.0 rolls out at T; from ~75 s later a quarter of checkout requests fail with a TypeError in the new split-tender code. Two unrelated deploys and a config change earlier in the window.",
      );
  },
};
