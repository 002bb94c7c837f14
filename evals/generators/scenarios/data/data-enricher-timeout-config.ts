import type { Scenario } from "../../lib/scenario.ts";
import { data } from "../../platforms/data.ts";
import { fx } from "../common.ts";
import { dep, lagAlert } from "./shared.ts";

export const dataEnricherTimeoutConfig: Scenario = {
  id: "data-enricher-timeout-config",
  platform: data,
  faultAt: "2024-04-16T14:45:00Z",
  beforeMin: 36,
  step: 60,
  nowAfter: 170,
  build(b) {
    const T = b.T;
    const change = b.config({
      service: "enricher",
      at: T,
      key: "GEOIP_TIMEOUT_MS",
      from: "250",
      to: "25",
      summary: "enricher: lower geoip timeout (p99 is 12 ms)",
      author: "hannah.b",
    });
    b.effect(
      fx("enricher", "err:error", T + 60, 0.3, { ramp: 60 }),
      fx("enricher", "capacity", T + 60, 0.5, { ramp: 60 }),
      fx("geoip", "rps", T + 60, 1.6, { ramp: 60 }),
      fx("collector", "lat", T - 1800, 2.5, { ramp: 30, until: T - 1620, recover: 60 }),
    );
    b.logs(
      {
        service: "enricher",
        at: T + 60,
        perMin: 4,
        level: "warn",
        render: () => ({
          logger: "enricher.geo",
          msg: "geoip lookup timed out, event sent to retry topic",
          fields: { timeout_ms: 25 },
        }),
      },
      {
        service: "geoip",
        at: T + 60,
        perMin: 2,
        level: "warn",
        render: () => ({
          logger: "httplog/middleware.go:71",
          msg: "client closed connection before response",
          fields: { path: "/v1/lookup" },
        }),
      },
    );
    b.distract({ avoid: ["enricher"], deploys: 2, configs: 0 });
    b.alert({ source: "alertmanager", alerts: [lagAlert("enricher", "events", 25000)] });
    b.title("Enricher lag after its geoip timeout is cut to 25 ms")
      .tags("config-change", "data", "past-blip", "traffic-changes")
      .expect({
        rootCause: { service: "enricher", kind: "config-change", change },
        mitigation: { action: "revert-config", target: dep("enricher") },
      })
      .notes(
        "At T enricher's GEOIP_TIMEOUT_MS drops 250 -> 25 (pods roll); tail lookups time out, events go to the retry topic, retries raise geoip traffic x1.6, enricher throughput halves and lag climbs. A collector latency blip 30 min earlier recovered. Revert the config.",
      );
  },
};
