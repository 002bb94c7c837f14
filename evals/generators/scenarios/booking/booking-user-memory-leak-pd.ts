import { rule } from "../../lib/rules.ts";
import type { Scenario } from "../../lib/scenario.ts";
import { booking } from "../../platforms/booking.ts";
import { fx, latencyValue } from "../common.ts";
import { dep } from "./shared.ts";

export const bookingUserMemoryLeakPd: Scenario = {
  id: "booking-user-memory-leak-pd",
  platform: booking,
  faultAt: "2024-08-19T08:05:00Z",
  beforeMin: 40,
  step: 30,
  nowAfter: 170,
  build(b) {
    const T = b.T;
    b.override("user", { podAgeHours: 10 });
    b.effect(fx("user", "memLeak", b.start - 12 * 3600, 46, { ramp: 0 }));
    b.effect(
      fx("user", "lat", T - 240, 5, { ramp: 420 }),
      fx("user", "cpu", T - 240, 2, { ramp: 420 }),
      fx("order", "latAdd", T, 0.35, { ramp: 240 }),
      fx("gateway", "latAdd", T + 10, 0.2, { ramp: 240 }),
    );
    b.logs({
      service: "user",
      at: T - 300,
      perMin: 2,
      level: "warn",
      render: (c) => ({
        logger: "gc",
        msg: `GC(${c.rng.int(20000, 29999)}) Pause Full (G1 Compaction Pause) ${c.rng.int(890, 960)}M->${c.rng.int(860, 900)}M(1024M) ${c.rng.int(700, 2400)}.${c.rng.int(100, 999)}ms`,
      }),
    });
    b.distract({ avoid: ["user"], deploys: 2, configs: 1 });
    b.alert({
      source: "pagerduty",
      title: "Ticket orders slow",
      serviceSummary: "Rail Booking – Orders",
      rule: rule(latencyValue(b.svc("order"), 0.9), ">", 0.35, 150),
      urgency: "low",
      priority: "P3",
    });
    b.title("PagerDuty: orders slow because user leaks memory into GC thrash (title only)")
      .tags("memory-leak", "booking", "hard", "pagerduty", "title-only", "custom-metrics")
      .expect({
        rootCause: { service: "user", kind: "memory-leak" },
        mitigation: { action: "restart", target: dep("user") },
      })
      .notes(
        "user's heap grows ~46 MiB/h (pod up 10 h); near the limit full GCs run back to back, user's p90 x5, order (which calls user) slows. Title-only PagerDuty incident on orders. Restart user.",
      );
  },
};
