import type { Scenario } from "../../lib/scenario.ts";
import { media } from "../../platforms/media.ts";
import { fx } from "../common.ts";
import { dep, edge5xx } from "./shared.ts";

export const mediaManifestOriginConfigNoLogs: Scenario = {
  id: "media-manifest-origin-config-no-logs",
  platform: media,
  faultAt: "2024-10-29T19:22:00Z",
  beforeMin: 36,
  step: 60,
  nowAfter: 170,
  build(b) {
    const T = b.T;
    const change = b.config({
      service: "manifest",
      at: T,
      key: "ORIGIN_BASE_URL",
      from: "https://origin.cdn.example-media.net",
      to: "https://origin-eu.cdn.example-media.net",
      summary: "manifest: serve EU viewers from the EU origin pool",
      author: "pete.l",
    });
    b.effect(
      fx("cdn-origin", "err:404", T + 60, 0.34, { ramp: 60 }),
      fx("manifest", "err:Unavailable", T + 60, 0.32, { ramp: 60 }),
      fx("playback", "err:Internal", T + 65, 0.26, { ramp: 60 }),
      fx("edge-gateway", "err:500", T + 70, 0.085, { ramp: 60 }),
    );
    b.distract({ avoid: ["manifest"], deploys: 2, configs: 0 });
    b.drop("logs");
    b.alert({ source: "alertmanager", alerts: [edge5xx(b)] });
    b.title("Edge 5xx after manifest's origin URL changes (no logs)")
      .tags("config-change", "media", "hard", "source-down")
      .expect({
        rootCause: { service: "manifest", kind: "config-change", change },
        mitigation: { action: "revert-config", target: dep("manifest") },
      })
      .notes(
        "At T manifest's ORIGIN_BASE_URL points at a pool that does not hold the manifests (pods roll): its origin calls get 404, manifest returns Unavailable, playback and the edge fail. The log source is down. Revert manifest's config.",
      );
  },
};
