import type { Scenario } from "../../lib/scenario.ts";
import { media } from "../../platforms/media.ts";
import { fx, latencyAlert } from "../common.ts";
import { ext, ns } from "./shared.ts";

export const mediaDrmNetworkDelay: Scenario = {
  id: "media-drm-network-delay",
  platform: media,
  faultAt: "2024-07-02T20:31:00Z",
  beforeMin: 37,
  step: 60,
  nowAfter: 160,
  build(b) {
    const T = b.T;
    b.effect(
      fx("drm-license", "net", T, 0.45, { ramp: 30 }),
      fx("playback", "latAdd", T + 10, 0.42, { ramp: 45 }),
      fx("edge-gateway", "latAdd", T + 15, 0.42, { ramp: 45 }),
      fx("entitlements", "lat", T - 1800, 3, { ramp: 30, until: T - 1620, recover: 60 }),
    );
    b.logs({
      service: "playback",
      at: T + 20,
      perMin: 2.5,
      level: "warn",
      render: (c) => ({
        logger: "playback/deps.go:88",
        msg: "slow dependency call",
        fields: {
          dependency: "drm.v1.LicenseService/IssueLicense",
          took_ms: c.rng.int(470, 560),
          budget_ms: 150,
        },
      }),
    });
    b.distract({ avoid: ["drm-license", "playback"], deploys: 2, configs: 1 });
    b.alert({
      source: "alertmanager",
      alerts: [
        latencyAlert(b.svc("edge-gateway"), ns, 0.99, {
          alertname: "PlaybackStartSlow",
          labels: { severity: "warning", service: "edge-gateway", route: "/v1/playback/start", ...ext },
          threshold: 1,
        }),
      ],
    });
    b.title("Slow playback starts: network delay on drm-license pods, two hops from the edge")
      .tags("network-latency", "media", "hard", "two-hop", "past-blip")
      .expect({
        rootCause: { service: "drm-license", kind: "network-latency" },
        mitigation: { action: "none" },
      })
      .notes(
        "From T packets to drm-license pods are delayed ~450 ms. drm-license's own server handling time and its calls to Widevine stay flat; playback's client-side view of drm (grpc_client_handling_seconds) jumps, playback slows, edge p99 alerts. An entitlements latency blip 30 min earlier recovered. none.",
      );
  },
};
