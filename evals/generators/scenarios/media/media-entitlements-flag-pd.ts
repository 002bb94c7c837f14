import { errorRatio, rule } from "../../lib/rules.ts";
import type { Scenario } from "../../lib/scenario.ts";
import { media } from "../../platforms/media.ts";
import { flagTarget, fx } from "../common.ts";
import { caller } from "./shared.ts";

export const mediaEntitlementsFlagPd: Scenario = {
  id: "media-entitlements-flag-pd",
  platform: media,
  faultAt: "2024-09-13T18:05:00Z",
  beforeMin: 36,
  step: 60,
  nowAfter: 180,
  build(b) {
    const T = b.T;
    const key = "entitlements-strict-geo";
    const change = b.flag({
      service: "entitlements",
      at: T,
      key,
      from: "off",
      to: "on",
      summary: `Turned on \`${key}\` for all regions in production`,
      author: "julia.santos",
      origin: "launchdarkly",
    });
    b.effect(
      fx("entitlements", "err:Internal", T + 20, 0.16, { ramp: 60 }),
      fx("entitlements", "lat", T + 20, 1.5, { ramp: 60 }),
      fx("playback", "err:Internal", T + 25, 0.12, { ramp: 60 }),
      fx("edge-gateway", "err:500", T + 30, 0.04, { ramp: 60 }),
    );
    b.logs(
      {
        service: "entitlements",
        at: T + 20,
        perMin: 3,
        level: "error",
        render: (c) => ({
          logger: "geo/check.go:64",
          msg: "geo check failed",
          fields: {
            error: "geoip: no country for address in 100.64.0.0/10",
            account: `acc_${c.rng.hex(8)}`,
          },
        }),
      },
      {
        service: "playback",
        at: T + 25,
        perMin: 2,
        level: "warn",
        render: () => ({
          logger: caller,
          msg: "finished client unary call",
          fields: { "grpc.service": "entitlements.v1.EntitlementService", "grpc.code": "Internal" },
        }),
      },
    );
    b.distract({ avoid: ["entitlements"], deploys: 2, configs: 0, flags: 1 });
    b.alert({
      source: "pagerduty",
      title: "Playback start failures elevated",
      serviceSummary: "Streaming – Playback API",
      rule: rule(errorRatio("playback"), ">", 0.06, 120),
      priority: "P2",
    });
    b.title("PagerDuty: playback failures after an entitlements flag (title only)")
      .tags("feature-flag", "media", "hard", "pagerduty", "title-only")
      .expect({
        rootCause: { service: "entitlements", kind: "feature-flag", change },
        mitigation: { action: "disable-flag", target: flagTarget(key) },
      })
      .notes(
        "At T the flag entitlements-strict-geo is turned on; entitlements fails (gRPC Internal) for carrier-grade NAT addresses it cannot place; playback, which calls it, fails too. Title-only PagerDuty incident on playback. Disable the flag.",
      );
  },
};
