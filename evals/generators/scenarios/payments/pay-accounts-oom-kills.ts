import type { Scenario } from "../../lib/scenario.ts";
import { payments } from "../../platforms/payments.ts";
import { errorAlert, fx } from "../common.ts";
import { labels, N1, N3, ns } from "./shared.ts";

export const payAccountsOomKills: Scenario = {
  id: "pay-accounts-oom-kills",
  platform: payments,
  faultAt: "2024-12-09T16:45:00Z",
  beforeMin: 38,
  step: 60,
  nowAfter: 150,
  build(b) {
    const T = b.T;
    const kills: Array<[number, number]> = [
      [0, T],
      [1, T + 85],
      [0, T + 340],
    ];
    for (const [pod, at] of kills) {
      b.effect(fx("accounts", `memAdd#${pod}`, at - 240, 420, { ramp: 240, until: at, recover: 0 }));
      b.action({ type: "restart", service: "accounts", at, pod, reason: "OOMKilled", exitCode: 137 });
      b.effect(
        fx("accounts", "err:503", at + 1, 0.25, { ramp: 3, until: at + 55, recover: 15 }),
        fx("fraud-scoring", "err:500", at + 2, 0.2, { ramp: 3, until: at + 55, recover: 15 }),
        fx("payments-api", "err:500", at + 3, 0.18, { ramp: 3, until: at + 55, recover: 15 }),
      );
      b.logs({
        service: "accounts",
        at: at - 200,
        until: at - 20,
        perMin: 1,
        level: "info",
        render: (c) => ({
          logger: "com.acme.accounts.StatementExportController",
          msg: `Exporting statement history for account acc_${c.rng.hex(8)} (months=120, rows=${c.rng.int(180000, 420000)})`,
        }),
      });
    }
    b.event({
      involved: { kind: "Node", name: N3 },
      reason: "OOMKilling",
      message:
        "Memory cgroup out of memory: Killed process 1 (java) total-vm:3912044kB, anon-rss:1041208kB, file-rss:19812kB, shmem-rss:0kB, UID:1000 pgtables:2580kB oom_score_adj:936",
      type: "Warning",
      first: T,
      last: T + 340,
      count: 2,
      component: "kernel-monitor",
      host: N3,
    });
    b.override("accounts", { nodes: [N3, N1] });
    b.event({
      involved: { kind: "Node", name: N1 },
      reason: "OOMKilling",
      message:
        "Memory cgroup out of memory: Killed process 1 (java) total-vm:3899120kB, anon-rss:1040380kB, file-rss:19644kB, shmem-rss:0kB, UID:1000 pgtables:2564kB oom_score_adj:936",
      type: "Warning",
      first: T + 85,
      last: T + 85,
      count: 1,
      component: "kernel-monitor",
      host: N1,
    });
    b.logs({
      service: "fraud-scoring",
      at: T + 2,
      perMin: 1,
      level: "error",
      render: () => ({
        logger: "com.acme.fraud.AccountsClient",
        msg: "Accounts lookup failed: 503 Service Unavailable",
      }),
    });
    b.distract({ avoid: ["accounts"], deploys: 2, configs: 1 });
    b.alert({
      source: "alertmanager",
      alerts: [
        errorAlert(b.svc("payments-api"), ns, {
          alertname: "PaymentsApiErrorRateHigh",
          labels: labels("payments-api"),
          threshold: 0.04,
        }),
      ],
    });
    b.title("Payments errors two hops away: accounts pods are OOM-killed by statement exports")
      .tags("oom-kill", "payments", "hard", "two-hop")
      .expect({ rootCause: { service: "accounts", kind: "oom-kill" }, mitigation: { action: "none" } })
      .notes(
        "Large statement exports push accounts pods to their 1 GiB limit; the kernel kills them (exit 137, OOMKilled, 3 kills in 6 min). Each kill fails requests for ~1 min: fraud-scoring (calls accounts) and payments-api see it, the alert is two hops up. The kubelet restarts pods by itself; the fix (limits, export paging) is not in the catalog: none.",
      );
  },
};
