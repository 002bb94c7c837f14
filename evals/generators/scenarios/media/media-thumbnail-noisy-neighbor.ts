import type { Scenario } from "../../lib/scenario.ts";
import { media } from "../../platforms/media.ts";
import { fx, latencyAlert } from "../common.ts";
import { ext, N0, N1, N2, ns } from "./shared.ts";

export const mediaThumbnailNoisyNeighbor: Scenario = {
  id: "media-thumbnail-noisy-neighbor",
  platform: media,
  faultAt: "2024-06-15T21:00:00Z",
  beforeMin: 36,
  step: 60,
  nowAfter: 170,
  build(b) {
    const T = b.T;
    b.override("manifest", { nodes: [N0, N1] });
    b.override("drm-license", { nodes: [N0, N2] });
    b.override("playback", { nodes: [N0, N1] });
    b.action({ type: "job", service: "thumbnail-backfill", at: T, durationSec: 4000, node: N0 });
    b.effect(
      fx("thumbnail-backfill", "cpuAdd", T + 15, 4.6, { ramp: 60 }),
      fx("manifest", "lat", T + 40, 2.2, { ramp: 90 }),
      fx("drm-license", "lat", T + 40, 1.8, { ramp: 90 }),
      fx("playback", "lat", T + 40, 1.7, { ramp: 90 }),
      fx("playback", "latAdd", T + 45, 0.1, { ramp: 90 }),
      fx("edge-gateway", "latAdd", T + 50, 0.32, { ramp: 100 }),
      fx(N0, "iowait", T + 20, 0.8, { ramp: 60 }),
    );
    b.logs({
      service: "thumbnail-backfill",
      at: T + 5,
      until: T + 6,
      perMin: 60,
      level: "info",
      render: () => ({
        logger: "backfill",
        msg: "backfill started",
        fields: { titles: 18231, renditions: "320w,640w,1280w" },
      }),
    });
    b.distract({ avoid: ["manifest", "drm-license", "playback"], deploys: 2, configs: 1 });
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
    b.title("Slow playback starts: a thumbnail CronJob hogs a node's CPU")
      .tags("noisy-neighbor", "media", "hard", "off-path")
      .expect({
        rootCause: { service: "thumbnail-backfill", kind: "noisy-neighbor" },
        mitigation: { action: "none" },
      })
      .notes(
        "The thumbnail-backfill CronJob (no CPU limit) starts at T on vmss000000 and takes ~6 of 8 cores; manifest, drm-license and playback pods on that node slow down, edge p99 alerts. none: the job must be stopped or limited by a person.",
      );
  },
};
