import type { PodPlan, ServiceDef } from "../model.ts";
import type { World } from "../world.ts";
import { GIB, keep, MIB } from "./exporter-helpers.ts";
import { fmtInt, gauge, podCumulative, type SeriesOut } from "./series.ts";

/** CoreDNS responses by rcode per pod. */
export function corednsMetrics(world: World, svc: ServiceDef, pod: PodPlan): SeriesOut[] {
  const labels = {
    namespace: pod.namespace,
    pod: pod.name,
    instance: `${pod.ip}:9153`,
    job: "coredns",
    server: "dns://:53",
    zone: ".",
  };
  const share = (t: number) => world.podRps(pod, t);
  const servfail = (t: number) => Math.min(0.9, 0.0004 + world.ch(svc.name, "dns.servfail", t));
  const series = (rcode: string, ratio: (t: number) => number) => {
    const acc = podCumulative(
      world,
      pod,
      1,
      (t, dt) => [Math.round(share(t) * ratio(t) * dt)],
      () => [Math.round(svc.rps * ratio(world.start) * 86400 * 3)],
    );
    return gauge(
      { __name__: "coredns_dns_responses_total", ...labels, rcode },
      world.times,
      (t) => acc.get(t)?.[0],
      fmtInt,
    );
  };
  return keep([
    series("NOERROR", (t) => 1 - 0.34 - servfail(t)),
    series("NXDOMAIN", () => 0.34),
    series("SERVFAIL", servfail),
  ]);
}

/** kubelet volume stats for a StatefulSet's data claims. */
export function volumeMetrics(world: World, svc: ServiceDef): SeriesOut[] {
  if (!svc.pvcGi) return [];
  const capacity = svc.pvcGi * GIB;
  const out: Array<SeriesOut | null> = [];
  for (const pod of world.podsOf(svc.name)) {
    const labels = {
      namespace: pod.namespace,
      persistentvolumeclaim: `data-${pod.name}`,
      node: pod.node,
      job: "kubelet",
    };
    const seed = pod.name.length % 5;
    const used = (t: number) =>
      Math.min(1, 0.52 + seed * 0.04 + (t - world.start) * 4e-7 + world.ch(svc.name, "disk.used", t));
    const alive = (t: number) =>
      pod.createdAt <= t && (pod.unreachableFrom === undefined || t < pod.unreachableFrom);
    out.push(
      gauge(
        { __name__: "kubelet_volume_stats_capacity_bytes", ...labels },
        world.times,
        (t) => (alive(t) ? capacity : undefined),
        fmtInt,
      ),
    );
    out.push(
      gauge(
        { __name__: "kubelet_volume_stats_available_bytes", ...labels },
        world.times,
        (t) =>
          alive(t)
            ? Math.max(
                0,
                Math.round(
                  capacity * (1 - used(t)) -
                    (used(t) >= 1 ? 0 : Math.abs(world.noise(`${pod.name}|vol`, t)) * 30 * MIB),
                ),
              )
            : undefined,
        fmtInt,
      ),
    );
  }
  return keep(out);
}

/** blackbox-exporter and cert-manager views of the certificates the platform watches. */
export function certificateMetrics(world: World): SeriesOut[] {
  const out: Array<SeriesOut | null> = [];
  for (const probe of world.platform.infra.probes) {
    const expiresAt = probe.expiresAt ?? Math.round(world.now + probe.daysLeft * 86400);
    if (probe.kind === "blackbox") {
      const labels = { instance: probe.name, job: "blackbox", module: "http_2xx" };
      out.push(
        gauge(
          { __name__: "probe_ssl_earliest_cert_expiry", ...labels },
          world.times,
          () => expiresAt,
          fmtInt,
        ),
      );
      out.push(
        gauge({ __name__: "probe_success", ...labels }, world.times, (t) => (t < expiresAt ? 1 : 0), fmtInt),
      );
    } else {
      const labels = {
        name: probe.name,
        namespace: world.namespaceOf(probe.service),
        issuer_kind: "ClusterIssuer",
        issuer_name: "internal-ca",
        job: "cert-manager",
      };
      out.push(
        gauge(
          { __name__: "certmanager_certificate_expiration_timestamp_seconds", ...labels },
          world.times,
          () => expiresAt,
          fmtInt,
        ),
      );
      out.push(
        gauge(
          { __name__: "certmanager_certificate_ready_status", ...labels, condition: "True" },
          world.times,
          (t) => (t < expiresAt ? 1 : 0),
          fmtInt,
        ),
      );
    }
  }
  return keep(out);
}
