import type { Scenario } from "../../lib/scenario.ts";
import { payments } from "../../platforms/payments.ts";
import { fx, latencyAlert } from "../common.ts";
import { dep, labels, ns } from "./shared.ts";

export const payAccountsNPlusOneDeploy: Scenario = {
  id: "pay-accounts-n-plus-one-deploy",
  platform: payments,
  faultAt: "2024-06-11T15:02:00Z",
  beforeMin: 36,
  step: 60,
  nowAfter: 180,
  build(b) {
    const T = b.T;
    b.override("notifications", { noise: 0.35 });
    b.logs({
      service: "notifications",
      at: b.start - 60,
      perMin: 1.2,
      level: "error",
      render: () => ({
        logger: "com.acme.notify.SmtpSender",
        msg: "Failed to send email via SMTP relay: 421 4.7.0 Try again later, closing connection. Will retry.",
      }),
    });
    const change = b.deploy({
      service: "accounts",
      at: T,
      version: "5.12.0",
      summary: "perf(accounts): load account limits together with holder profile (#1544)",
      origin: "argocd",
      author: "mateusz.k",
    });
    b.effect(
      fx("accounts", "lat", T + 60, 9, { ramp: 90 }),
      fx("accounts", "sigma", T + 60, 0.3, { ramp: 90 }),
      fx("accounts", "dbTime", T + 60, 6, { ramp: 90 }),
      fx("pgbouncer", "pgb.demand", T + 60, 9, { ramp: 90 }),
      fx("ledger-db", "rps", T + 60, 1.9, { ramp: 90 }),
      fx("fraud-scoring", "latAdd", T + 70, 0.25, { ramp: 100 }),
      fx("payments-api", "latAdd", T + 80, 0.38, { ramp: 100 }),
    );
    b.logs({
      service: "accounts",
      at: T + 60,
      perMin: 6,
      level: "debug",
      render: (c) => ({
        logger: "org.hibernate.SQL",
        msg: `select l1_0.account_id,l1_0.limit_type,l1_0.amount from account_limits l1_0 where l1_0.account_id=? -- acc_${c.rng.hex(8)}`,
      }),
    });
    b.distract({ avoid: ["accounts"], deploys: 1, configs: 1 });
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
    b.title("Payments latency two hops away: an accounts deploy adds N+1 queries")
      .tags("bad-deploy", "payments", "hard", "two-hop", "noisy-healthy")
      .expect({
        rootCause: { service: "accounts", kind: "bad-deploy", change },
        mitigation: { action: "rollback", target: dep("accounts") },
      })
      .notes(
        "accounts 5.12.0 issues one query per limit (N+1): accounts latency x9, database queries x1.9, pgbouncer busier. fraud-scoring (calls accounts) slows, payments-api p99 alerts: the cause is two hops from the alert. notifications is noisy with SMTP retry errors all window: healthy.",
      );
  },
};
