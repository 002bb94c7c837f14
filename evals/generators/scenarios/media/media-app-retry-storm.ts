import type { Scenario } from "../../lib/scenario.ts";
import { media } from "../../platforms/media.ts";
import { fx, latencyAlert } from "../common.ts";
import { dep, ext, ns } from "./shared.ts";

export const mediaAppRetryStorm: Scenario = {
  id: "media-app-retry-storm",
  platform: media,
  faultAt: "2025-03-08T20:58:00Z",
  beforeMin: 36,
  step: 60,
  nowAfter: 170,
  build(b) {
    const T = b.T;
    b.effect(
      fx("edge-gateway", "rps", T, 2.6, { ramp: 120 }),
      fx("playback", "rps", T, 3.2, { ramp: 120 }),
      // Session starts with retries redo token and entitlement work: CPU per request rises too.
      fx("playback", "cpu", T + 30, 2.2, { ramp: 120 }),
      fx("manifest", "rps", T + 5, 2.4, { ramp: 120 }),
      fx("drm-license", "rps", T + 5, 2.3, { ramp: 120 }),
      fx("entitlements", "rps", T + 5, 1.9, { ramp: 120 }),
      fx("playback", "lat", T + 60, 4.5, { ramp: 150 }),
      fx("playback", "sigma", T + 60, 0.3, { ramp: 150 }),
      fx("playback", "err:DeadlineExceeded", T + 90, 0.05, { ramp: 120 }),
      fx("catalog-meta", "lat", T - 1700, 3, { ramp: 30, until: T - 1520, recover: 60 }),
    );
    b.scale({ service: "playback", at: T + 100, to: 3, record: true, from: 2 });
    b.scale({ service: "playback", at: T + 160, to: 4, record: true, from: 3 });
    b.logs({
      service: "edge-gateway",
      at: T,
      perMin: 4,
      level: "info",
      render: (c) => ({
        logger: "edge/ratelimit.go:77",
        msg: "client retry detected",
        fields: { ua: "StreamApp/8.4.0 (iOS 17.4)", attempt: c.rng.int(2, 4), path: "/v1/playback/start" },
      }),
    });
    b.distract({ avoid: ["playback"], deploys: 1, configs: 1 });
    b.alert({
      source: "alertmanager",
      alerts: [
        latencyAlert(b.svc("playback"), ns, 0.99, {
          alertname: "PlaybackLatencyHigh",
          labels: { severity: "warning", service: "playback", ...ext },
          threshold: 1,
        }),
      ],
    });
    b.title("Playback saturated by a retry storm from a new mobile app release")
      .tags("traffic-spike", "media", "past-blip", "traffic-changes")
      .expect({
        rootCause: { service: "playback", kind: "traffic-spike" },
        mitigation: { action: "scale-out", target: dep("playback") },
      })
      .notes(
        "A mobile app release retries StartSession up to 3 times: edge traffic x2.6, playback x3.2; playback's CPU saturates, HPA goes 2 -> 4 (max), p99 and DeadlineExceeded climb. A catalog-meta latency blip half an hour earlier recovered. Scale out playback.",
      );
  },
};
