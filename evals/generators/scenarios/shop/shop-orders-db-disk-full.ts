import type { Scenario } from "../../lib/scenario.ts";
import { shop } from "../../platforms/shop.ts";
import { errorAlert, fx } from "../common.ts";
import { ns, reqId, team } from "./shared.ts";

export const shopOrdersDbDiskFull: Scenario = {
  id: "shop-orders-db-disk-full",
  platform: shop,
  faultAt: "2024-07-19T09:14:00Z",
  beforeMin: 39,
  step: 60,
  nowAfter: 150,
  build(b) {
    const T = b.T;
    const at = b.start - 3600;
    b.effect(
      fx("orders-db", "disk.used", at, (1.0 - 0.56) / ((T - at) / 3600), { growth: "linear", ramp: 0 }),
    );
    b.effect(
      fx("orders-db", "err", T, 0.7, { ramp: 30 }),
      fx("checkout", "err", T + 5, 0.62, { ramp: 40 }),
      fx("storefront", "err:502", T + 10, 0.025, { ramp: 40 }),
    );
    b.logs(
      {
        service: "orders-db",
        at: T,
        perMin: 4,
        level: "error",
        render: (c) =>
          `could not extend file "base/16384/${c.rng.pick(["24611", "24617", "2619"])}": No space left on device`,
      },
      {
        service: "orders-db",
        at: T + 20,
        perMin: 0.5,
        level: "warn",
        render: () => 'could not write to file "pg_wal/xlogtemp.1187": No space left on device',
      },
      {
        service: "orders-db",
        at: T - 1800,
        perMin: 0.1,
        level: "warn",
        render: () => 'replication slot "analytics_replica" is inactive; WAL retained: 38 GB',
      },
      {
        service: "checkout",
        at: T + 5,
        perMin: 2.5,
        level: "error",
        render: (c) => ({
          msg: "failed to create order",
          fields: {
            reqId: reqId(c),
            code: "53100",
            err: `error: could not extend file "base/16384/24611": No space left on device`,
          },
        }),
      },
    );
    b.distract({ avoid: ["checkout"], deploys: 2, configs: 1 });
    b.drop("kubernetes");
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
    b.title("Checkout fails: orders-db volume full (no Kubernetes source)")
      .tags("disk-full", "shop", "hard", "source-down")
      .expect({ rootCause: { service: "orders-db", kind: "disk-full" }, mitigation: { action: "none" } })
      .notes(
        "WAL retained by an inactive replication slot fills orders-db's volume (kubelet_volume_stats_available_bytes -> 0 at T); inserts fail with 53100 'No space left on device' and checkout returns 5xx. The Kubernetes source is down for this case. Freeing space needs a person: none.",
      );
  },
};
