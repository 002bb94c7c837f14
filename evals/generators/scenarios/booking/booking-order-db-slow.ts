import type { Scenario } from "../../lib/scenario.ts";
import { booking } from "../../platforms/booking.ts";
import { fx, latencyAlert } from "../common.ts";
import { bracket, dep, ns, vm } from "./shared.ts";

export const bookingOrderDbSlow: Scenario = {
  id: "booking-order-db-slow",
  platform: booking,
  faultAt: "2024-12-16T08:25:00Z",
  beforeMin: 38,
  step: 30,
  nowAfter: 150,
  build(b) {
    const T = b.T;
    const red = b.deploy({
      service: "travel-search",
      at: T - 120,
      summary: "feature: sort trips by arrival time",
      origin: "jenkins",
      author: "li.na",
    });
    b.effect(
      fx("order-db", "lat", T, 12, { ramp: 90 }),
      fx("order-db", "cpu", T, 3.5, { ramp: 90 }),
      fx("order", "latAdd", T + 15, 0.8, { ramp: 90 }),
      fx("payment", "latAdd", T + 20, 0.5, { ramp: 90 }),
      fx("gateway", "latAdd", T + 25, 0.25, { ramp: 90 }),
    );
    b.logs(
      {
        service: "order-db",
        at: T,
        perMin: 5,
        level: "info",
        render: (c) =>
          `duration: ${c.rng.float(1200, 8000).toFixed(3)} ms  execute <unnamed>: SELECT * FROM orders WHERE account_id = $1 AND travel_date >= $2 ORDER BY bought_date DESC`,
      },
      {
        service: "order-db",
        at: T - 10,
        until: T - 9,
        perMin: 60,
        level: "info",
        render: () => 'automatic vacuum of table "orders.public.orders": index scans: 0',
      },
      {
        service: "order",
        at: T + 30,
        perMin: 1.5,
        level: "warn",
        render: (c) => bracket("queryOrders", "Slow query", `elapsed: ${c.rng.int(1200, 8000)}ms`),
      },
    );
    b.distract({ avoid: ["order", "travel-search"], deploys: 1, configs: 1 });
    b.alert({
      source: "alertmanager",
      alerts: [
        latencyAlert(b.svc("order"), ns, 0.9, {
          alertname: "OrderLatencyHigh",
          labels: vm("order"),
          threshold: 0.6,
        }),
      ],
    });
    b.title("Order latency: order-db queries slow down (a travel-search deploy nearby is a red herring)")
      .tags("database-slow", "booking", "hard", "red-herring", "custom-metrics")
      .expect({
        rootCause: { service: "order-db", kind: "database-slow" },
        mitigation: { action: "none" },
        forbidden: [{ action: "rollback", target: dep("travel-search") }],
      })
      .notes(
        `From T order-db's queries run ~12x slower (CPU up, slow-statement log lines); order, then payment and the gateway, slow down. travel-search deployed 2 min earlier (change ${red}); its latency is unchanged. none.`,
      );
  },
};
