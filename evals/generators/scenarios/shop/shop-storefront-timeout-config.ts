import type { Scenario } from "../../lib/scenario.ts";
import { shop } from "../../platforms/shop.ts";
import { errorAlert, fx } from "../common.ts";
import { dep, ns, reqId, team } from "./shared.ts";

export const shopStorefrontTimeoutConfig: Scenario = {
  id: "shop-storefront-timeout-config",
  platform: shop,
  faultAt: "2025-05-20T18:55:00Z",
  beforeMin: 36,
  step: 60,
  nowAfter: 160,
  build(b) {
    const T = b.T;
    b.override("recommendations", { noise: 0.35 });
    b.logs(
      {
        service: "recommendations",
        at: b.start - 60,
        perMin: 0.6,
        level: "error",
        render: () => ({
          logger: "recs.embeddings",
          msg: "failed to fetch embeddings, serving popular items",
          fields: { error: "ReadTimeout", store: "feature-store" },
        }),
      },
      {
        service: "recommendations",
        at: b.start - 60,
        perMin: 0.3,
        level: "warn",
        render: () => ({
          logger: "recs.ranker",
          msg: "ranker fell back to heuristic",
          fields: { reason: "latency budget exceeded" },
        }),
      },
    );
    const change = b.config({
      service: "storefront",
      at: T,
      key: "UPSTREAM_TIMEOUT_MS",
      from: "3000",
      to: "300",
      summary: "storefront: tighten upstream timeout to fail fast (INC-2291 follow-up)",
      author: "sam.rivera",
    });
    b.effect(
      fx("storefront", "err:504", T + 70, 0.05, { ramp: 90 }),
      fx("checkout", "logs", T + 70, 1.4, { ramp: 60 }),
    );
    b.logs(
      {
        service: "storefront",
        at: T + 70,
        perMin: 2.5,
        level: "error",
        render: (c) => ({
          msg: "upstream request failed",
          fields: {
            reqId: reqId(c),
            upstream: c.rng.pick(["checkout", "checkout", "recommendations", "search"]),
            err: "TimeoutError: upstream timed out after 300ms",
          },
        }),
      },
      {
        service: "checkout",
        at: T + 70,
        perMin: 1,
        level: "warn",
        render: (c) => ({
          msg: "request aborted by client",
          fields: { reqId: reqId(c), url: "/v1/checkout" },
        }),
      },
    );
    b.distract({ avoid: ["storefront"], deploys: 2, configs: 0 });
    b.alert({
      source: "alertmanager",
      alerts: [
        errorAlert(b.svc("storefront"), ns, {
          alertname: "StorefrontHighErrorRate",
          labels: { severity: "critical", service: "storefront", ...team },
          threshold: 0.02,
        }),
      ],
    });
    b.title("Storefront 504s after its upstream timeout is cut to 300 ms")
      .tags("config-change", "shop", "hard", "noisy-healthy")
      .expect({
        rootCause: { service: "storefront", kind: "config-change", change },
        mitigation: { action: "revert-config", target: dep("storefront") },
      })
      .notes(
        "storefront's UPSTREAM_TIMEOUT_MS goes 3000 -> 300 at T (pods roll). Calls slower than 300 ms (most checkout calls, the recommendation tail) now fail with 504. recommendations is noisy and logs errors all window: healthy. Revert the config on storefront.",
      );
  },
};
