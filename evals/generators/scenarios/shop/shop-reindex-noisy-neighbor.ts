import type { Scenario } from "../../lib/scenario.ts";
import { shop } from "../../platforms/shop.ts";
import { fx, latencyAlert } from "../common.ts";
import { N1, N2, N3, ns, team } from "./shared.ts";

export const shopReindexNoisyNeighbor: Scenario = {
  id: "shop-reindex-noisy-neighbor",
  platform: shop,
  faultAt: "2024-08-08T16:20:00Z",
  beforeMin: 36,
  step: 60,
  nowAfter: 170,
  build(b) {
    const T = b.T;
    b.override("catalog", { nodes: [N3, N1] });
    b.override("storefront", { nodes: [N3, N1, N2] });
    b.override("search", { nodes: [N3, N2] });
    b.action({ type: "job", service: "catalog-reindex", at: T, durationSec: 3000, node: N3 });
    b.effect(
      fx("catalog-reindex", "cpuAdd", T + 20, 6.3, { ramp: 60 }),
      fx("catalog-db", "rps", T + 20, 1.4, { ramp: 60 }),
      fx("catalog-db", "pg.active", T + 20, 4, { ramp: 60 }),
      fx("search", "rps", T + 30, 1.25, { ramp: 60 }),
      fx("catalog", "lat", T + 40, 2.1, { ramp: 90 }),
      fx("catalog", "sigma", T + 40, 0.45, { ramp: 90 }),
      fx("search", "lat", T + 40, 1.7, { ramp: 90 }),
      fx("storefront", "latAdd", T + 50, 0.22, { ramp: 100 }),
      fx("storefront", "sigma", T + 50, 0.2, { ramp: 100 }),
    );
    // An unrelated blip half an hour earlier: search latency doubles for four minutes, then recovers.
    b.effect(fx("search", "lat", T - 1900, 2.2, { ramp: 40, until: T - 1660, recover: 60 }));
    b.logs(
      {
        service: "catalog-reindex",
        at: T + 5,
        until: T + 6,
        perMin: 60,
        level: "info",
        render: () => ({
          logger: "reindex",
          msg: "reindex started",
          fields: { documents: 1284331, target: "search", source: "catalog-db" },
        }),
      },
      {
        service: "storefront",
        at: T + 60,
        perMin: 1,
        level: "warn",
        render: () => ({ msg: "event loop lag above threshold", fields: { lagMs: 240 } }),
      },
    );
    b.distract({ avoid: ["catalog", "storefront", "search"], deploys: 2, configs: 1 });
    b.alert({
      source: "alertmanager",
      alerts: [
        latencyAlert(b.svc("storefront"), ns, 0.99, {
          alertname: "StorefrontLatencyHigh",
          labels: { severity: "warning", service: "storefront", ...team },
          threshold: 0.8,
        }),
      ],
    });
    b.title("Storefront slow: the catalog-reindex CronJob saturates a shared node")
      .tags("noisy-neighbor", "shop", "hard", "off-path", "past-blip")
      .expect({
        rootCause: { service: "catalog-reindex", kind: "noisy-neighbor" },
        mitigation: { action: "none" },
      })
      .notes(
        "The catalog-reindex CronJob (no CPU limit) starts at T on node ...d9wh and takes 6+ cores; catalog, storefront and search pods on that node slow down (node CPU idle near 0), storefront p99 alerts. A search latency blip 30 min earlier recovered by itself. none: the job must be stopped or limited by a person.",
      );
  },
};
