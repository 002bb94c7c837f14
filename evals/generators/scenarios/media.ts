import type { Scenario } from "../lib/scenario.ts";
import { mediaAppRetryStorm } from "./media/media-app-retry-storm.ts";
import { mediaCdnOriginOutagePd } from "./media/media-cdn-origin-outage-pd.ts";
import { mediaCorednsUpstreamServfail } from "./media/media-coredns-upstream-servfail.ts";
import { mediaDrmNetworkDelay } from "./media/media-drm-network-delay.ts";
import { mediaEdgeImagePull } from "./media/media-edge-image-pull.ts";
import { mediaEntitlementsFlagPd } from "./media/media-entitlements-flag-pd.ts";
import { mediaManifestOriginConfigNoLogs } from "./media/media-manifest-origin-config-no-logs.ts";
import { mediaNodeLostNoChanges } from "./media/media-node-lost-no-changes.ts";
import { mediaPersonalizationLeakPd } from "./media/media-personalization-leak-pd.ts";
import { mediaPlaybackBadDeploy } from "./media/media-playback-bad-deploy.ts";
import { mediaThumbnailNoisyNeighbor } from "./media/media-thumbnail-noisy-neighbor.ts";

/** The media platform's cases, in the order they are generated. */
export const mediaScenarios: Scenario[] = [
  mediaPlaybackBadDeploy,
  mediaDrmNetworkDelay,
  mediaCorednsUpstreamServfail,
  mediaEntitlementsFlagPd,
  mediaPersonalizationLeakPd,
  mediaThumbnailNoisyNeighbor,
  mediaAppRetryStorm,
  mediaManifestOriginConfigNoLogs,
  mediaNodeLostNoChanges,
  mediaCdnOriginOutagePd,
  mediaEdgeImagePull,
];
