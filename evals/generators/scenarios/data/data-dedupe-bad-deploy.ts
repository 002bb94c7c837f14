import type { Scenario } from "../../lib/scenario.ts";
import { data } from "../../platforms/data.ts";
import { fx } from "../common.ts";
import { dep, lagAlert } from "./shared.ts";

export const dataDedupeBadDeploy: Scenario = {
  id: "data-dedupe-bad-deploy",
  platform: data,
  faultAt: "2025-02-04T09:15:00Z",
  beforeMin: 36,
  step: 60,
  nowAfter: 170,
  build(b) {
    const T = b.T;
    const red = b.deploy({
      service: "loader",
      at: T - 180,
      summary: "fix(loader): close idle ClickHouse sessions after 5 min (#519)",
      origin: "argocd",
      author: "mei.tan",
    });
    const change = b.deploy({
      service: "dedupe",
      at: T,
      version: "1.10.0",
      summary: "feat(dedupe): refresh key TTL on every duplicate hit (#377)",
      origin: "argocd",
      author: "oskar.l",
    });
    b.effect(
      fx("redis-dedupe", "rps", T + 40, 3, { ramp: 60 }),
      fx("redis-dedupe", "cpu", T + 40, 2.2, { ramp: 60 }),
      fx("dedupe", "capacity", T + 40, 0.45, { ramp: 60 }),
      fx("dedupe", "rps", T + 40, 0.68, { ramp: 60 }),
      fx("dedupe", "lat", T + 40, 3, { ramp: 60 }),
      fx("loader", "rps", T + 60, 0.7, { ramp: 60 }),
    );
    b.logs({
      service: "dedupe",
      at: T + 40,
      perMin: 1,
      level: "debug",
      render: (c) => ({
        logger: "com.acme.dedupe.TtlRefresher",
        msg: `Refreshed TTL for ${c.rng.int(400, 520)} keys in ${c.rng.int(180, 420)} ms`,
      }),
    });
    b.distract({ avoid: ["dedupe", "loader"], deploys: 1, configs: 1 });
    b.alert({ source: "alertmanager", alerts: [lagAlert("dedupe", "enriched", 25000)] });
    b.title("Dedupe lag after its deploy (a loader deploy just before is a red herring)")
      .tags("bad-deploy", "data", "hard", "red-herring", "traffic-changes")
      .expect({
        rootCause: { service: "dedupe", kind: "bad-deploy", change },
        mitigation: { action: "rollback", target: dep("dedupe") },
        forbidden: [{ action: "rollback", target: dep("loader") }],
      })
      .notes(
        `dedupe 1.10.0 refreshes a Redis TTL per event: Redis commands x3, dedupe throughput falls to ~45% and its lag climbs (loader downstream sees less input). loader deployed 3 min earlier (change ${red}); its lag is flat.`,
      );
  },
};
