import type { Scenario } from "../../lib/scenario.ts";
import { media } from "../../platforms/media.ts";
import { fx } from "../common.ts";
import { edge5xx } from "./shared.ts";

export const mediaCorednsUpstreamServfail: Scenario = {
  id: "media-coredns-upstream-servfail",
  platform: media,
  faultAt: "2025-01-18T19:50:00Z",
  beforeMin: 36,
  step: 60,
  nowAfter: 170,
  build(b) {
    const T = b.T;
    b.effect(
      fx("coredns", "dns.servfail", T, 0.16, { ramp: 60 }),
      fx("coredns", "lat", T, 40, { ramp: 60 }),
      fx("manifest", "err:Unavailable", T + 20, 0.3, { ramp: 60 }),
      fx("drm-license", "err:Unavailable", T + 20, 0.33, { ramp: 60 }),
      fx("cdn-origin", "rps", T + 20, 0.65, { ramp: 60 }),
      fx("widevine", "rps", T + 20, 0.62, { ramp: 60 }),
      fx("playback", "err:Unavailable", T + 30, 0.24, { ramp: 60 }),
      fx("edge-gateway", "err:502", T + 35, 0.09, { ramp: 60 }),
    );
    b.logs(
      {
        service: "coredns",
        at: T,
        perMin: 5,
        level: "error",
        render: (c) =>
          `plugin/errors: 2 ${c.rng.pick(["license.widevine.com.", "origin.cdn.example-media.net."])} A: read udp 10.244.${c.rng.int(0, 2)}.${c.rng.int(2, 250)}:${c.rng.int(32000, 60000)}->168.63.129.16:53: i/o timeout`,
      },
      {
        service: "manifest",
        at: T + 20,
        perMin: 3,
        level: "error",
        render: () => ({
          logger: "origin/client.go:74",
          msg: "fetch manifest from origin failed",
          fields: {
            error: "dial tcp: lookup origin.cdn.example-media.net on 10.0.0.10:53: server misbehaving",
          },
        }),
      },
      {
        service: "drm-license",
        at: T + 20,
        perMin: 3,
        level: "error",
        render: () => ({
          logger: "widevine/proxy.go:119",
          msg: "license request failed",
          fields: {
            error:
              'Post "https://license.widevine.com/cenc/getlicense": dial tcp: lookup license.widevine.com on 10.0.0.10:53: server misbehaving',
          },
        }),
      },
    );
    b.distract({ avoid: [], deploys: 2, configs: 1 });
    b.alert({ source: "alertmanager", alerts: [edge5xx(b)] });
    b.title("Edge 5xx: CoreDNS cannot reach its upstream resolver")
      .tags("dns-failure", "media", "traffic-changes")
      .expect({ rootCause: { service: "coredns", kind: "dns-failure" }, mitigation: { action: "none" } })
      .notes(
        "From T CoreDNS's forwarder times out (SERVFAIL rate up, plugin/errors lines); cluster-internal names still resolve. manifest and drm-license fail to resolve their external hosts, fewer requests reach the CDN origin and Widevine, playback and the edge fail. none.",
      );
  },
};
