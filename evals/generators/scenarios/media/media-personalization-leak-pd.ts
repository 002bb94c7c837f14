import { rule } from "../../lib/rules.ts";
import type { Scenario } from "../../lib/scenario.ts";
import { media } from "../../platforms/media.ts";
import { fx, latencyValue } from "../common.ts";
import { dep } from "./shared.ts";

export const mediaPersonalizationLeakPd: Scenario = {
  id: "media-personalization-leak-pd",
  platform: media,
  faultAt: "2024-11-03T20:40:00Z",
  beforeMin: 36,
  step: 60,
  nowAfter: 180,
  build(b) {
    const T = b.T;
    b.override("personalization", { podAgeHours: 4.5 });
    b.effect(fx("personalization", "memLeak", b.start - 6 * 3600, 80, { ramp: 0 }));
    b.effect(
      fx("personalization", "lat", T - 300, 3.5, { ramp: 600 }),
      fx("personalization", "timeout", T, 0.06, { ramp: 240 }),
      fx("personalization", "cpu", T - 300, 1.6, { ramp: 600 }),
    );
    b.override("profile", { noise: 0.35 });
    b.logs(
      {
        service: "profile",
        at: b.start - 60,
        perMin: 1,
        level: "error",
        render: () => ({
          logger: "avatar/cache.go:91",
          msg: "failed to refresh avatar cache",
          fields: { error: "context deadline exceeded" },
        }),
      },
      {
        service: "personalization",
        at: b.start - 60,
        perMin: 0.5,
        level: "info",
        render: (c) => ({
          logger: "rows.cache",
          msg: "feature cache size",
          fields: { entries: Math.round(2.1e6 + (c.t - b.start) * 180 + c.rng.int(0, 5000)) },
        }),
      },
      {
        service: "personalization",
        at: T - 200,
        perMin: 2,
        level: "warn",
        render: (c) => ({
          logger: "rows.api",
          msg: "row assembly exceeded budget",
          fields: { took_ms: c.rng.int(900, 3000), budget_ms: 400 },
        }),
      },
    );
    b.distract({ avoid: ["personalization"], deploys: 2, configs: 1 });
    b.alert({
      source: "pagerduty",
      title: "Home page rows slow for members",
      serviceSummary: "Streaming – Home Experience",
      rule: rule(latencyValue(b.svc("personalization"), 0.95), ">", 1, 180),
      urgency: "low",
      priority: "P3",
    });
    b.title("PagerDuty: home rows slow from a memory leak in personalization (title only, noisy profile)")
      .tags("memory-leak", "media", "hard", "pagerduty", "title-only", "noisy-healthy")
      .expect({
        rootCause: { service: "personalization", kind: "memory-leak" },
        mitigation: { action: "restart", target: dep("personalization") },
      })
      .notes(
        "personalization's in-process feature cache grows without bound (~80 MiB/h since the pods started 4.5 h before the window); near the 1.25 GiB limit row assembly slows and some requests hit the 3 s timeout. profile is noisy with avatar-cache errors all window: healthy. A restart clears the cache.",
      );
  },
};
