import type { Scenario } from "../../lib/scenario.ts";
import { booking } from "../../platforms/booking.ts";
import { errorAlert, fx } from "../common.ts";
import { dep, ns, vm } from "./shared.ts";

export const bookingOrderPoolLeak: Scenario = {
  id: "booking-order-pool-leak",
  platform: booking,
  faultAt: "2025-06-09T08:50:00Z",
  beforeMin: 38,
  step: 30,
  nowAfter: 150,
  build(b) {
    const T = b.T;
    b.override("order", { timeoutSec: 30 });
    b.effect(
      fx("order", "timeout", T, 0.22, { ramp: 120 }),
      fx("order", "err", T + 20, 0.22, { ramp: 120 }),
      fx("order-db", "rps", T, 0.75, { ramp: 120 }),
      fx("payment", "latAdd", T + 30, 1.5, { ramp: 120 }),
      fx("gateway", "err", T + 30, 0.05, { ramp: 120 }),
    );
    b.logs(
      {
        service: "order",
        at: T - 1500,
        perMin: 0.3,
        level: "warn",
        render: (c) => ({
          logger: "com.zaxxer.hikari.pool.ProxyLeakTask",
          msg: `Connection leak detection triggered for com.mysql.cj.jdbc.ConnectionImpl@${c.rng.hex(7)} on thread pool-3-thread-1, stack trace follows`,
        }),
      },
      {
        service: "order",
        at: T + 20,
        perMin: 3,
        level: "error",
        render: () => ({
          logger: "o.h.engine.jdbc.spi.SqlExceptionHelper",
          msg: "HikariPool-1 - Connection is not available, request timed out after 30000ms.",
        }),
      },
    );
    b.distract({ avoid: ["order"], deploys: 2, configs: 1 });
    b.alert({
      source: "alertmanager",
      alerts: [
        errorAlert(b.svc("order"), ns, {
          alertname: "OrderSuccessRateLow",
          labels: vm("order", "critical"),
          threshold: 0.05,
        }),
      ],
    });
    b.title("Order failures: its JDBC pool is exhausted while order-db idles (logs tell)")
      .tags("connection-pool-exhaustion", "booking", "custom-metrics")
      .expect({
        rootCause: { service: "order", kind: "connection-pool-exhaustion" },
        mitigation: { action: "restart", target: dep("order") },
      })
      .notes(
        "A background task in order leaks connections (leak-detection warnings from T-25 min); at T the pool is empty and requests wait 30 s then fail. order-db's load even drops. With no pool metrics, the logs and the latency shape tell. Restart order.",
      );
  },
};
