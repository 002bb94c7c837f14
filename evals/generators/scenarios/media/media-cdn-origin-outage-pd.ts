import { errorRatio, rule } from "../../lib/rules.ts";
import type { Scenario } from "../../lib/scenario.ts";
import { media } from "../../platforms/media.ts";
import { fx } from "../common.ts";

export const mediaCdnOriginOutagePd: Scenario = {
  id: "media-cdn-origin-outage-pd",
  platform: media,
  faultAt: "2025-05-30T21:30:00Z",
  beforeMin: 36,
  step: 60,
  nowAfter: 180,
  build(b) {
    const T = b.T;
    b.effect(
      fx("cdn-origin", "err:503", T, 0.4, { ramp: 60 }),
      fx("cdn-origin", "timeout", T, 0.1, { ramp: 60 }),
      fx("manifest", "err:Unavailable", T + 10, 0.42, { ramp: 60 }),
      fx("manifest", "latAdd", T + 10, 0.5, { ramp: 60 }),
      fx("playback", "err:Internal", T + 15, 0.3, { ramp: 60 }),
      fx("edge-gateway", "err:502", T + 20, 0.1, { ramp: 60 }),
    );
    b.logs({
      service: "manifest",
      at: T + 10,
      perMin: 3,
      level: "error",
      render: (c) => ({
        logger: "origin/client.go:74",
        msg: "fetch manifest from origin failed",
        fields: { status: c.rng.pick([503, 503, 504]), host: "origin.cdn.example-media.net" },
      }),
    });
    b.distract({ avoid: ["manifest"], deploys: 2, configs: 1 });
    b.alert({
      source: "pagerduty",
      title: "Streaming: playback start success below 95%",
      serviceSummary: "Streaming – Edge",
      rule: rule(errorRatio("edge-gateway"), ">", 0.05, 120),
      priority: "P1",
    });
    b.title("PagerDuty: the CDN origin fails (title only)")
      .tags("dependency-failure", "media", "hard", "pagerduty", "title-only")
      .expect({
        rootCause: { service: "cdn-origin", kind: "dependency-failure" },
        mitigation: { action: "none" },
      })
      .notes(
        "From T the CDN origin answers 503 or times out for half the manifest fetches; manifest, playback and the edge fail in turn. Title-only PagerDuty incident. none.",
      );
  },
};
