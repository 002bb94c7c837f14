import type { Scenario } from "../../lib/scenario.ts";
import { media } from "../../platforms/media.ts";
import { fx, nodeTarget } from "../common.ts";
import { edge5xx, N0, N1, N2 } from "./shared.ts";

export const mediaNodeLostNoChanges: Scenario = {
  id: "media-node-lost-no-changes",
  platform: media,
  faultAt: "2024-12-21T20:12:00Z",
  beforeMin: 37,
  step: 60,
  nowAfter: 200,
  build(b) {
    const T = b.T;
    b.override("session-store", { nodes: [N2] });
    b.override("playback", { nodes: [N2, N0] });
    b.override("entitlements", { nodes: [N1, N2] });
    b.override("profile", { nodes: [N0, N1] });
    b.override("edge-gateway", { nodes: [N0, N1, N2] });
    b.effect(fx(N2, "down", T, 1, { ramp: 0 }));
    b.action({ type: "node-down", node: N2, at: T });
    b.effect(
      fx("entitlements", "err:Unavailable", T + 5, 0.6, { ramp: 30 }),
      fx("profile", "err:Unavailable", T + 5, 0.5, { ramp: 30 }),
      fx("playback", "err:Unavailable", T + 8, 0.45, { ramp: 30 }),
      fx("edge-gateway", "err:503", T + 10, 0.2, { ramp: 30 }),
    );
    b.logs(
      {
        service: "entitlements",
        at: T + 5,
        perMin: 3,
        level: "error",
        render: (c) => ({
          logger: "store/redis.go:52",
          msg: "session lookup failed",
          fields: { error: `dial tcp 10.244.2.${c.rng.int(10, 90)}:6379: i/o timeout` },
        }),
      },
      {
        service: "profile",
        at: T + 5,
        perMin: 3,
        level: "error",
        render: (c) => ({
          logger: "store/redis.go:52",
          msg: "session lookup failed",
          fields: { error: `dial tcp 10.244.2.${c.rng.int(10, 90)}:6379: i/o timeout` },
        }),
      },
    );
    b.drop("changes");
    b.alert({ source: "alertmanager", alerts: [edge5xx(b)] });
    b.title("Edge 5xx: the node hosting session-store goes NotReady (no change history)")
      .tags("node-failure", "media", "hard", "source-down")
      .expect({
        rootCause: { service: N2, kind: "node-failure" },
        mitigation: { action: "cordon-node", target: nodeTarget(N2) },
      })
      .notes(
        "At T vmss000002 stops answering: node_exporter up=0, Ready Unknown, unreachable taints. session-store-0 (single redis) lived there and is stuck; entitlements, profile and playback fail on session lookups; the edge alerts. The change source is down. Cordon the node.",
      );
  },
};
