import type { Scenario } from "../../lib/scenario.ts";
import { media } from "../../platforms/media.ts";
import { fx } from "../common.ts";
import { dep, edge5xx } from "./shared.ts";

export const mediaPlaybackBadDeploy: Scenario = {
  id: "media-playback-bad-deploy",
  platform: media,
  faultAt: "2024-04-20T21:14:00Z",
  beforeMin: 36,
  step: 60,
  nowAfter: 170,
  build(b) {
    const T = b.T;
    const red = b.deploy({
      service: "manifest",
      at: T - 150,
      summary:
        "Sync manifest to 1.7.6 (3c9e1a0): fix(manifest): emit CODECS attribute for HEVC renditions (#771)",
      origin: "argocd",
      author: "aylin.y",
    });
    const change = b.deploy({
      service: "playback",
      at: T,
      version: "2.20.0",
      summary: "feat(playback): resume position from watch-history (#4410)",
      origin: "argocd",
      author: "kofi.mensah",
    });
    b.effect(
      fx("playback", "err:Internal", T + 60, 0.2, { ramp: 60 }),
      fx("edge-gateway", "err:500", T + 65, 0.07, { ramp: 60 }),
    );
    b.logs({
      service: "playback",
      at: T + 60,
      perMin: 3,
      level: "error",
      render: (c) => ({
        logger: "recovery/interceptors.go:51",
        msg: "panic recovered",
        fields: {
          panic: "runtime error: invalid memory address or nil pointer dereference",
          "grpc.method": "StartSession",
          stack: "playback/internal/resume/resume.go:57",
          "user.id": `u_${c.rng.hex(10)}`,
        },
      }),
    });
    b.distract({ avoid: ["playback", "manifest"], deploys: 1, configs: 1 });
    b.alert({ source: "alertmanager", alerts: [edge5xx(b)] });
    b.title("Edge 5xx after a playback deploy (a manifest deploy just before is a red herring)")
      .tags("bad-deploy", "media", "hard", "red-herring")
      .expect({
        rootCause: { service: "playback", kind: "bad-deploy", change },
        mitigation: { action: "rollback", target: dep("playback") },
        forbidden: [{ action: "rollback", target: dep("manifest") }],
      })
      .notes(
        `playback 2.20.0 rolls out at T and panics (recovered, gRPC Internal) on ~20% of StartSession calls; edge-gateway 5xx alerts. manifest deployed 2.5 min earlier (change ${red}) and stays clean.`,
      );
  },
};
