import type { Scenario } from "../../lib/scenario.ts";
import { payments } from "../../platforms/payments.ts";
import { fx, latencyAlert } from "../common.ts";
import { dep, labels, ns } from "./shared.ts";

export const payPgbouncerPoolConfig: Scenario = {
  id: "pay-pgbouncer-pool-config",
  platform: payments,
  faultAt: "2025-02-25T13:30:00Z",
  beforeMin: 36,
  step: 60,
  nowAfter: 180,
  build(b) {
    const T = b.T;
    b.override("pgbouncer", { latencyMs: 60 });
    const change = b.config({
      service: "pgbouncer",
      at: T,
      key: "default_pool_size",
      from: "40",
      to: "8",
      summary: "pgbouncer: cap default_pool_size at 8 to protect ledger-db during the vacuum window",
      author: "a.fischer",
    });
    b.effect(
      fx("pgbouncer", "pgb.poolSize", T + 40, -32, { ramp: 0 }),
      fx("pgbouncer", "pgb.demand", T + 50, 16, { ramp: 120 }),
      fx("ledger", "lat", T + 50, 6, { ramp: 120 }),
      fx("ledger", "dbTime", T + 50, 40, { ramp: 120 }),
      fx("ledger", "timeout", T + 90, 0.04, { ramp: 120 }),
      fx("accounts", "lat", T + 50, 5, { ramp: 120 }),
      fx("accounts", "dbTime", T + 50, 40, { ramp: 120 }),
      fx("fraud-scoring", "latAdd", T + 60, 0.12, { ramp: 120 }),
      fx("payments-api", "latAdd", T + 70, 0.45, { ramp: 120 }),
    );
    b.logs(
      {
        service: "pgbouncer",
        at: T + 60,
        perMin: 3,
        level: "warn",
        render: (c) =>
          `C-0x${c.rng.hex(12)}: ledger/app@10.42.${c.rng.int(64, 99)}.${c.rng.int(2, 250)}:${c.rng.int(32000, 60000)} closing because: query_wait_timeout (age=${c.rng.int(120, 125)}s)`,
      },
      {
        service: "ledger",
        at: T + 90,
        perMin: 1.5,
        level: "error",
        render: () => ({
          logger: "org.hibernate.engine.jdbc.spi.SqlExceptionHelper",
          msg: "ERROR: query_wait_timeout",
        }),
      },
    );
    b.distract({ avoid: ["pgbouncer"], deploys: 2, configs: 0 });
    b.alert({
      source: "alertmanager",
      alerts: [
        latencyAlert(b.svc("payments-api"), ns, 0.99, {
          alertname: "PaymentsApiLatencyHigh",
          labels: labels("payments-api", "warning"),
          threshold: 1.2,
        }),
      ],
    });
    b.title("Payments latency two hops away: pgbouncer's pool is cut to 8")
      .tags("config-change", "payments", "hard", "two-hop")
      .expect({
        rootCause: { service: "pgbouncer", kind: "config-change", change },
        mitigation: { action: "revert-config", target: dep("pgbouncer") },
      })
      .notes(
        "At T pgbouncer's default_pool_size goes 40 -> 8 (pods roll). Clients queue (pgbouncer_pools_client_waiting_connections), ledger and accounts slow, their Hikari pools back up, payments-api p99 alerts two hops away. ledger-db itself is idle. Revert the config on pgbouncer.",
      );
  },
};
