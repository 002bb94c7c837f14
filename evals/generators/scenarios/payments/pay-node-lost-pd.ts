import { avgOver, rule, serverErrorShare } from "../../lib/rules.ts";
import type { Scenario } from "../../lib/scenario.ts";
import { payments } from "../../platforms/payments.ts";
import { fx, nodeTarget } from "../common.ts";
import { N1, N2, N3 } from "./shared.ts";

export const payNodeLostPd: Scenario = {
  id: "pay-node-lost-pd",
  platform: payments,
  faultAt: "2024-10-22T03:41:00Z",
  beforeMin: 42,
  step: 60,
  nowAfter: 130,
  build(b) {
    const T = b.T;
    b.override("payments-api", { nodes: [N2, N1, N3] });
    b.override("ledger", { nodes: [N2, N3] });
    b.override("fraud-scoring", { nodes: [N1, N2] });
    b.override("notifications", { nodes: [N2, N3] });
    b.override("ledger-db", { nodes: [N1] });
    b.override("pgbouncer", { nodes: [N1, N3] });
    b.override("accounts", { nodes: [N3, N1] });
    b.override("card-gateway", { nodes: [N1, N3] });
    b.effect(fx(N2, "down", T, 1, { ramp: 0 }));
    b.action({ type: "node-down", node: N2, at: T });
    b.effect(
      fx("payments-api", "err:504", T + 2, 0.34, { ramp: 5, until: T + 70, recover: 60 }),
      fx("payments-api", "err:502", T + 60, 0.02, { ramp: 60 }),
      fx("ledger", "err:500", T + 2, 0.2, { ramp: 5, until: T + 60, recover: 40 }),
      fx("payments-api", "latAdd", T + 2, 1.5, { ramp: 5, until: T + 70, recover: 60 }),
    );
    b.logs({
      service: "payments-api",
      at: T + 3,
      until: T + 120,
      perMin: 6,
      level: "error",
      render: (c) => ({
        logger: "com.acme.payments.LedgerClient",
        msg: `Ledger call failed for payment pay_${c.rng.hex(12)}: org.apache.hc.client5.http.ConnectTimeoutException: Connect to http://ledger:8080 [ledger/172.20.${c.rng.int(10, 90)}.${c.rng.int(2, 250)}] failed: Connect timed out`,
      }),
    });
    b.distract({ avoid: [], deploys: 1, configs: 1, to: T - 1200 });
    b.alert({
      source: "pagerduty",
      title: "Payments API error rate above 3%",
      serviceSummary: "Payments API (prod)",
      rule: rule(
        avgOver((w, t) => serverErrorShare(w, "payments-api", t), 120),
        ">",
        0.03,
        45,
      ),
      urgency: "high",
      priority: "P2",
    });
    b.title("PagerDuty at night: a worker node stops responding")
      .tags("node-failure", "payments", "pagerduty", "title-only")
      .expect({
        rootCause: { service: N2, kind: "node-failure" },
        mitigation: { action: "cordon-node", target: nodeTarget(N2) },
      })
      .notes(
        "At T node ip-10-42-19-204 stops answering (node_exporter up=0, kubelet stops posting status, Ready Unknown, unreachable taints). Requests to the pods it hosts (payments-api, ledger, fraud-scoring, notifications) time out until endpoints drop them ~40 s later; errors fall back but capacity is reduced. Cordon the node.",
      );
  },
};
