import type { Scenario } from "../../lib/scenario.ts";
import { data } from "../../platforms/data.ts";
import { errorAlert, fx } from "../common.ts";
import { ns } from "./shared.ts";

export const dataCorednsExternalNames: Scenario = {
  id: "data-coredns-external-names",
  platform: data,
  faultAt: "2025-04-22T11:05:00Z",
  beforeMin: 37,
  step: 60,
  nowAfter: 170,
  build(b) {
    const T = b.T;
    b.effect(
      fx("coredns", "dns.servfail", T, 0.12, { ramp: 60 }),
      fx("coredns", "lat", T, 30, { ramp: 60 }),
      fx("geoip", "err:502", T + 10, 0.45, { ramp: 60 }),
      fx("ipinfo", "rps", T + 10, 0.4, { ramp: 60 }),
      fx("enricher", "capacity", T + 15, 0.5, { ramp: 60 }),
    );
    b.logs(
      {
        service: "coredns",
        at: T,
        perMin: 4,
        level: "error",
        render: (c) =>
          `plugin/errors: 2 ipinfo.io. A: read udp 10.42.0.${c.rng.int(2, 250)}:${c.rng.int(32000, 60000)}->172.16.0.53:53: i/o timeout`,
      },
      {
        service: "geoip",
        at: T + 10,
        perMin: 4,
        level: "error",
        render: () => ({
          logger: "lookup/upstream.go:66",
          msg: "upstream lookup failed",
          fields: {
            upstream: "ipinfo.io",
            error:
              'Get "https://ipinfo.io/batch": dial tcp: lookup ipinfo.io on 10.43.0.10:53: server misbehaving',
          },
        }),
      },
    );
    b.distract({ avoid: [], deploys: 2, configs: 1 });
    b.alert({
      source: "alertmanager",
      alerts: [
        errorAlert(b.svc("geoip"), ns, {
          alertname: "GeoipHighErrorRate",
          labels: { severity: "warning", service: "geoip", namespace: ns, team: "data-platform" },
          threshold: 0.1,
        }),
      ],
    });
    b.title("Geoip errors: CoreDNS's upstream resolver stops answering for external names")
      .tags("dns-failure", "data", "traffic-changes")
      .expect({ rootCause: { service: "coredns", kind: "dns-failure" }, mitigation: { action: "none" } })
      .notes(
        "From T CoreDNS cannot reach the datacenter resolver: SERVFAIL rate up, plugin/errors timeouts. geoip cannot resolve ipinfo.io (fewer calls even reach the provider) and fails; enrichment slows. The provider itself is fine. none.",
      );
  },
};
