import { consumerLag, rule } from "../../lib/rules.ts";
import type { Scenario } from "../../lib/scenario.ts";
import { data } from "../../platforms/data.ts";
import { fx } from "../common.ts";

export const dataIpinfoOutagePd: Scenario = {
  id: "data-ipinfo-outage-pd",
  platform: data,
  faultAt: "2024-09-24T12:20:00Z",
  beforeMin: 36,
  step: 60,
  nowAfter: 180,
  build(b) {
    const T = b.T;
    b.override("ipinfo", { timeoutSec: 2 });
    b.effect(
      fx("ipinfo", "err:503", T, 0.5, { ramp: 60 }),
      fx("ipinfo", "timeout", T, 0.3, { ramp: 60 }),
      fx("geoip", "err:502", T + 5, 0.48, { ramp: 60 }),
      fx("geoip", "latAdd", T + 5, 0.6, { ramp: 60 }),
      fx("enricher", "capacity", T + 10, 0.35, { ramp: 60 }),
      fx("enricher", "rps", T + 10, 0.4, { ramp: 60 }),
    );
    b.logs(
      {
        service: "geoip",
        at: T + 5,
        perMin: 4,
        level: "error",
        render: (c) => ({
          logger: "lookup/upstream.go:66",
          msg: "upstream lookup failed",
          fields: {
            upstream: "ipinfo.io",
            status: c.rng.pick([503, 503, 0]),
            error: c.rng.pick(["503 Service Unavailable", "context deadline exceeded"]),
          },
        }),
      },
      {
        service: "enricher",
        at: T + 10,
        perMin: 3,
        level: "warn",
        render: (c) => ({
          logger: "enricher.geo",
          msg: "geoip lookup failed, retrying",
          fields: { attempt: c.rng.int(2, 3), status: 502 },
        }),
      },
    );
    b.distract({ avoid: ["geoip", "enricher"], deploys: 2, configs: 1 });
    b.alert({
      source: "pagerduty",
      title: "Event enrichment lag above 5 minutes",
      serviceSummary: "Data Pipeline – Enrichment",
      rule: rule(consumerLag("enricher"), ">", 60000, 120),
      urgency: "high",
      priority: "P2",
    });
    b.title("PagerDuty: enrichment lag because the IP-info provider fails, two hops down (title only)")
      .tags("dependency-failure", "data", "hard", "two-hop", "pagerduty", "title-only", "traffic-changes")
      .expect({
        rootCause: { service: "ipinfo", kind: "dependency-failure" },
        mitigation: { action: "none" },
      })
      .notes(
        "From T ipinfo.io answers 503 or times out for most lookups; geoip fails and slows, enricher retries and its throughput drops to 40%: its lag grows. The cause is two hops below the lagging consumer; the incident is a title-only PagerDuty alert. none.",
      );
  },
};
