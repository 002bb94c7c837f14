import type { Scenario } from "../../lib/scenario.ts";
import { payments } from "../../platforms/payments.ts";
import { errorAlert, fx } from "../common.ts";
import { dep, HIKARI, labels, ns } from "./shared.ts";

export const payLedgerPoolLeak: Scenario = {
  id: "pay-ledger-pool-leak",
  platform: payments,
  faultAt: "2024-05-14T13:20:00Z",
  beforeMin: 36,
  step: 60,
  nowAfter: 170,
  build(b) {
    const T = b.T;
    b.override("ledger", { timeoutSec: 30 });
    b.effect(
      fx("ledger", "pool.leak", T - 1500, 48, { growth: "linear", ramp: 0 }),
      fx("ledger", "err:500", T + 20, 0.3, { ramp: 150 }),
      fx("ledger", "timeout", T + 20, 0.3, { ramp: 150 }),
      fx("payments-api", "err:504", T + 30, 0.22, { ramp: 150 }),
      fx("payments-api", "latAdd", T + 30, 1.2, { ramp: 150 }),
    );
    b.logs(
      {
        service: "ledger",
        at: T - 1500,
        perMin: 0.4,
        level: "warn",
        render: (c) => ({
          logger: "com.zaxxer.hikari.pool.ProxyLeakTask",
          msg: `Connection leak detection triggered for org.postgresql.jdbc.PgConnection@${c.rng.hex(7)} on thread scheduling-1, stack trace follows`,
        }),
      },
      {
        service: "ledger",
        at: T - 120,
        perMin: 2,
        level: "debug",
        render: (c) => ({
          logger: HIKARI,
          msg: `HikariPool-1 - Pool stats (total=20, active=20, idle=0, waiting=${c.rng.int(3, 40)})`,
        }),
      },
      {
        service: "ledger",
        at: T + 20,
        perMin: 4,
        level: "error",
        render: () => ({
          logger: "org.hibernate.engine.jdbc.spi.SqlExceptionHelper",
          msg: "HikariPool-1 - Connection is not available, request timed out after 30000ms.",
        }),
      },
      {
        service: "payments-api",
        at: T + 40,
        perMin: 2,
        level: "error",
        render: (c) => ({
          logger: "com.acme.payments.LedgerClient",
          msg: `Ledger call failed for payment pay_${c.rng.hex(12)}: java.net.SocketTimeoutException: Read timed out`,
        }),
      },
    );
    const red = b.deploy({
      service: "fraud-scoring",
      at: T - 240,
      summary: "feat(fraud): add velocity rule for new-device logins (#611)",
      origin: "github",
      author: "rahul.menon",
    });
    b.distract({ avoid: ["ledger", "fraud-scoring"], deploys: 1, configs: 1 });
    b.alert({
      source: "alertmanager",
      alerts: [
        errorAlert(b.svc("payments-api"), ns, {
          alertname: "PaymentsApiErrorRateHigh",
          labels: labels("payments-api"),
          threshold: 0.05,
        }),
      ],
    });
    b.title(
      "Payments 5xx: ledger leaks JDBC connections until its pool is exhausted (fraud-scoring deploy is a red herring)",
    )
      .tags("connection-pool-exhaustion", "payments", "hard", "red-herring")
      .expect({
        rootCause: { service: "ledger", kind: "connection-pool-exhaustion" },
        mitigation: { action: "restart", target: dep("ledger") },
        forbidden: [{ action: "rollback", target: dep("fraud-scoring") }],
      })
      .notes(
        `A scheduled job in ledger leaks connections (Hikari leak-detection warnings from T-25 min); hikaricp_connections_active climbs to max (20) at T, pending grows, requests wait 30 s and fail. The database and pgbouncer are healthy, traffic is flat. fraud-scoring deployed 4 min before T (change ${red}). Restarting ledger releases the leaked connections.`,
      );
  },
};
