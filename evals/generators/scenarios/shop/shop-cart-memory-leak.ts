import type { Scenario } from "../../lib/scenario.ts";
import { shop } from "../../platforms/shop.ts";
import { fx, latencyAlert } from "../common.ts";
import { dep, ns, team } from "./shared.ts";

export const shopCartMemoryLeak: Scenario = {
  id: "shop-cart-memory-leak",
  platform: shop,
  faultAt: "2025-04-02T19:48:00Z",
  beforeMin: 36,
  step: 60,
  nowAfter: 180,
  build(b) {
    const T = b.T;
    b.override("cart", { podAgeHours: 6 });
    b.effect(fx("cart", "memLeak", b.start - 8 * 3600, 40, { ramp: 0 }));
    b.effect(
      fx("cart", "lat", T - 300, 2.6, { ramp: 600 }),
      fx("cart", "timeout", T, 0.035, { ramp: 240 }),
      fx("cart", "err:503", T + 30, 0.02, { ramp: 200 }),
      fx("storefront", "latAdd", T, 0.05, { ramp: 300 }),
    );
    b.logs(
      {
        service: "cart",
        at: T - 420,
        perMin: 1.5,
        level: "warn",
        ramp: 600,
        render: (c) => ({ msg: "event loop lag above threshold", fields: { lagMs: c.rng.int(300, 2200) } }),
      },
      {
        service: "cart",
        at: T - 120,
        perMin: 0.75,
        level: "warn",
        render: (c) => ({
          msg: "gc pause",
          fields: { kind: "mark-sweep-compact", ms: c.rng.int(400, 1900), heapUsedMb: c.rng.int(455, 490) },
        }),
      },
    );
    const red = b.deploy({
      service: "storefront",
      at: T - 100,
      summary: "fix(storefront): lazy-load review widgets on PDP (#3371)",
      origin: "argocd",
      author: "maria.k",
    });
    b.distract({ avoid: ["cart", "storefront"], deploys: 1, configs: 1 });
    b.alert({
      source: "alertmanager",
      alerts: [
        latencyAlert(b.svc("cart"), ns, 0.99, {
          alertname: "CartLatencyHigh",
          labels: { severity: "warning", service: "cart", ...team },
          threshold: 1,
          forSec: 180,
        }),
      ],
    });
    b.title("Cart latency from a slow memory leak (storefront deploy nearby is a red herring)")
      .tags("memory-leak", "shop", "hard", "red-herring")
      .expect({
        rootCause: { service: "cart", kind: "memory-leak" },
        mitigation: { action: "restart", target: dep("cart") },
        forbidden: [{ action: "rollback", target: dep("storefront") }],
      })
      .notes(
        `cart pods (up ~7 h) grow ~40 MiB/h towards their 512 MiB limit; near it, GC pauses and event-loop lag make cart slow and some requests time out. storefront deployed 100 s before T (change ${red}); it is innocent. A restart of cart resets the heap.`,
      );
  },
};
