import type { Scenario } from "../../lib/scenario.ts";
import { shop } from "../../platforms/shop.ts";
import { fx, latencyAlert } from "../common.ts";
import { dep, ns, team } from "./shared.ts";

export const shopSearchBotTraffic: Scenario = {
  id: "shop-search-bot-traffic",
  platform: shop,
  faultAt: "2025-02-11T16:40:00Z",
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
        perMin: 0.55,
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
        perMin: 0.4,
        level: "warn",
        render: () => ({ logger: "recs.cache", msg: "model cache miss", fields: { model: "als-v14" } }),
      },
    );
    b.effect(
      fx("search", "rps", T, 6.5, { ramp: 150 }),
      fx("storefront", "rps", T, 1.3, { ramp: 150 }),
      fx("catalog", "rps", T + 10, 1.35, { ramp: 150 }),
      fx("search", "lat", T + 60, 4.5, { ramp: 180 }),
      fx("search", "sigma", T + 60, 0.4, { ramp: 180 }),
      fx("search", "timeout", T + 120, 0.015, { ramp: 120 }),
      fx("storefront", "latAdd", T + 90, 0.12, { ramp: 180 }),
    );
    b.scale({ service: "search", at: T + 95, to: 3, record: true, from: 2 });
    b.scale({ service: "search", at: T + 170, to: 4, record: true, from: 3 });
    b.logs(
      {
        service: "storefront",
        at: T,
        perMin: 4.5,
        level: "debug",
        render: (c) => ({
          msg: "classified bot traffic",
          fields: {
            ua: "Mozilla/5.0 (compatible; Bytespider; spider-feedback@bytedance.com)",
            action: "allow",
            path: `/search?q=${c.rng.pick(["sofa", "lamp", "desk", "rug", "chair", "mirror"])}&page=${c.rng.int(2, 90)}`,
          },
        }),
      },
      {
        service: "search",
        at: T + 120,
        perMin: 1.5,
        level: "warn",
        render: (c) => ({
          logger: "search/handler.go:131",
          msg: "query exceeded deadline",
          fields: {
            q_len: c.rng.int(3, 20),
            took_ms: c.rng.int(1800, 5000),
            error: "context deadline exceeded",
          },
        }),
      },
    );
    b.distract({ avoid: ["search"], deploys: 1, configs: 1 });
    b.alert({
      source: "alertmanager",
      alerts: [
        latencyAlert(b.svc("search"), ns, 0.95, {
          alertname: "SearchLatencyHigh",
          labels: { severity: "warning", service: "search", ...team },
          threshold: 0.5,
        }),
      ],
    });
    b.title("Search slow: a crawler multiplies search traffic; HPA is at its maximum")
      .tags("traffic-spike", "shop", "hard", "noisy-healthy")
      .expect({
        rootCause: { service: "search", kind: "traffic-spike" },
        mitigation: { action: "scale-out", target: dep("search") },
      })
      .notes(
        "At T a crawler (Bytespider UA in storefront logs) drives search requests x6.5; search CPU hits its 1-core limit, HPA scales 2 -> 4 (its max, ScalingLimited) and p95 climbs. The two HPA scale changes are consequences. recommendations is noisy (spiky latency, constant error logs) all window and healthy: a distractor. Scale-out of search is the action.",
      );
  },
};
