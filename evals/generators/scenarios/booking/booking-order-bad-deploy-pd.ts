import { rule } from "../../lib/rules.ts";
import type { Scenario } from "../../lib/scenario.ts";
import { booking } from "../../platforms/booking.ts";
import { fx } from "../common.ts";
import { dep } from "./shared.ts";

export const bookingOrderBadDeployPd: Scenario = {
  id: "booking-order-bad-deploy-pd",
  platform: booking,
  faultAt: "2025-03-03T07:55:00Z",
  beforeMin: 38,
  step: 30,
  nowAfter: 170,
  build(b) {
    const T = b.T;
    const change = b.deploy({
      service: "order",
      at: T,
      version: "3.1.0",
      summary: "feature: seat class upgrade in order creation",
      origin: "jenkins",
      author: "zhou.min",
    });
    b.effect(
      fx("order", "err", T + 50, 0.3, { ramp: 60 }),
      fx("payment", "err", T + 60, 0.12, { ramp: 60 }),
      fx("gateway", "err", T + 60, 0.06, { ramp: 60 }),
    );
    b.logs({
      service: "order",
      at: T + 50,
      perMin: 3,
      level: "error",
      render: () => ({
        logger: "org.apache.catalina.core.ContainerBase.[Tomcat].[localhost].[/].[dispatcherServlet]",
        msg: 'Servlet.service() for servlet [dispatcherServlet] in context with path [] threw exception [Request processing failed; nested exception is java.lang.NullPointerException: Cannot invoke "SeatClass.getCode()" because "order.upgrade" is null] with root cause',
      }),
    });
    b.distract({ avoid: ["order"], deploys: 2, configs: 1 });
    b.alert({
      source: "pagerduty",
      title: "Ticket booking failures",
      serviceSummary: "Rail Booking – Orders",
      rule: rule((w, t) => w.errorRatio("order", t), ">", 0.1, 120),
      priority: "P2",
    });
    b.title("PagerDuty: booking failures after an order deploy (title only, non-standard metrics)")
      .tags("bad-deploy", "booking", "hard", "pagerduty", "title-only", "custom-metrics")
      .expect({
        rootCause: { service: "order", kind: "bad-deploy", change },
        mitigation: { action: "rollback", target: dep("order") },
      })
      .notes(
        "order 3.1.0 throws a NullPointerException on orders without an upgrade: pod_success_rate_percent of order drops to ~70%, payment and the gateway fail a share too. Title-only PagerDuty incident. Roll back order.",
      );
  },
};
