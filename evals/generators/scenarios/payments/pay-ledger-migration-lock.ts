import type { Scenario } from "../../lib/scenario.ts";
import { payments } from "../../platforms/payments.ts";
import { errorAlert, fx } from "../common.ts";
import { dep, HIKARI, labels, N1, ns } from "./shared.ts";

export const payLedgerMigrationLock: Scenario = {
  id: "pay-ledger-migration-lock",
  platform: payments,
  faultAt: "2024-08-27T09:03:00Z",
  beforeMin: 37,
  step: 60,
  nowAfter: 160,
  build(b) {
    const T = b.T;
    const change = b.change({
      kind: "migration",
      service: "ledger",
      at: T,
      from: "86",
      to: "87",
      author: "chloe.dubois",
      summary:
        "flyway migrate: V87__widen_entries_amount.sql (ALTER TABLE entries ALTER COLUMN amount TYPE numeric(20,4))",
      origin: "flyway",
    });
    b.override("ledger", { timeoutSec: 15 });
    b.effect(
      fx("ledger-db", "pg.locks", T + 2, 1, { ramp: 0 }),
      fx("ledger-db", "pg.active", T + 5, 17, { ramp: 120 }),
      fx("ledger-db", "pg.maxTx", T + 2, 3600, { growth: "linear", ramp: 0 }),
      fx("ledger-db", "cpu", T + 2, 1.8, { ramp: 60 }),
      fx(N1, "iowait", T + 2, 1.2, { ramp: 60 }),
      fx("ledger", "dbTime", T + 10, 1500, { ramp: 60 }),
      fx("ledger", "timeout", T + 15, 0.55, { ramp: 90 }),
      fx("ledger", "err:500", T + 20, 0.5, { ramp: 90 }),
      fx("pgbouncer", "pgb.demand", T + 10, 45, { ramp: 90 }),
      fx("payments-api", "err:504", T + 30, 0.42, { ramp: 90 }),
      fx("payments-api", "latAdd", T + 30, 2, { ramp: 90 }),
    );
    b.override("ledger-db", { nodes: [N1] });
    b.logs(
      {
        service: "ledger-db",
        at: T + 1,
        until: T + 2,
        perMin: 60,
        level: "info",
        render: () => "statement: ALTER TABLE entries ALTER COLUMN amount TYPE numeric(20,4)",
      },
      {
        service: "ledger-db",
        at: T + 5,
        perMin: 6,
        level: "info",
        render: (c) =>
          `process ${c.rng.int(3000, 9000)} still waiting for RowExclusiveLock on relation 16412 of database 16384 after 1000.${c.rng.int(100, 999)} ms`,
      },
      {
        service: "ledger-db",
        at: T + 20,
        perMin: 4,
        level: "error",
        render: () => "canceling statement due to statement timeout",
      },
      {
        service: "ledger",
        at: T + 20,
        perMin: 4,
        level: "error",
        render: () => ({
          logger: "org.hibernate.engine.jdbc.spi.SqlExceptionHelper",
          msg: "ERROR: canceling statement due to statement timeout",
        }),
      },
      {
        service: "ledger",
        at: T + 40,
        perMin: 1,
        level: "debug",
        render: (c) => ({
          logger: HIKARI,
          msg: `HikariPool-1 - Pool stats (total=20, active=20, idle=0, waiting=${c.rng.int(5, 30)})`,
        }),
      },
    );
    const red = b.deploy({
      service: "notifications",
      at: T - 120,
      summary: "feat(notifications): Portuguese templates for refund emails (#402)",
      origin: "github",
      author: "ines.costa",
    });
    b.distract({ avoid: ["ledger", "notifications"], deploys: 1, configs: 1 });
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
      "Payments 5xx: a ledger schema migration locks the entries table (notifications deploy is a red herring)",
    )
      .tags("schema-migration", "payments", "hard", "red-herring")
      .expect({
        rootCause: { service: "ledger", kind: "schema-migration", change },
        acceptable: [{ service: "ledger-db", kind: "schema-migration" }],
        mitigation: { action: "none" },
        forbidden: [{ action: "rollback", target: dep("notifications") }],
      })
      .notes(
        `Flyway V87 rewrites the entries table under an ACCESS EXCLUSIVE lock at T (pg_locks, growing max transaction age, lock-wait log lines). ledger's writes wait until the 15 s statement timeout, its pool fills, payments-api fails. notifications deployed 2 min earlier (change ${red}). The migration's owner counts as ledger or ledger-db. Rolling back a half-done migration is not an automatic action: none.`,
      );
  },
};
