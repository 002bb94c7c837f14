import type { Labels } from "../../../src/ports/metrics-source.ts";

/** A small shop as series, in two labellings: the replay convention and what real scrapes attach. */
export const T0 = 1_714_557_600;
export const NOW = T0 + 3600;
const STEP = 30;

export interface FixtureSeries {
  metric: Labels;
  values: Array<[number, string]>;
}

const POD = { checkout: "checkout-7d9f8b6c5-x2x9q", payments: "payments-5c8d7f6b9-k7m2p" } as const;
const KSM_POD = "kube-prometheus-stack-kube-state-metrics-6d9f8b7c4-x7k2p";

function samples(value: (t: number) => number): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  for (let t = T0; t <= NOW; t += STEP) out.push([t, String(value(t))]);
  return out;
}

/** Checkout's CPU climbs from minute 40; payments stays flat. */
const cpu = (service: "checkout" | "payments") => (t: number) =>
  (t - T0) * (service === "checkout" && t > T0 + 2400 ? 0.9 : 0.2);
const requests = (code: string) => (t: number) => (t - T0) * (code === "500" ? 0.5 : 10);

/** Series labelled as replay cases label them: a `service` label on application metrics. */
export function replayShaped(): FixtureSeries[] {
  return [
    ...(["checkout", "payments"] as const).flatMap((service): FixtureSeries[] => [
      {
        metric: {
          __name__: "container_cpu_usage_seconds_total",
          namespace: "shop",
          pod: POD[service],
          container: service,
          node: "node-a",
          job: "kubelet",
        },
        values: samples(cpu(service)),
      },
      {
        metric: {
          __name__: "kube_deployment_status_replicas_available",
          namespace: "shop",
          deployment: service,
          job: "kube-state-metrics",
        },
        values: samples(() => 2),
      },
    ]),
    ...["200", "500"].map((code) => ({
      metric: {
        __name__: "http_requests_total",
        service: "checkout",
        namespace: "shop",
        job: "checkout",
        code,
      },
      values: samples(requests(code)),
    })),
  ];
}

/**
 * The same data as kube-prometheus-stack scrapes it: cAdvisor series carry the kubelet's Service,
 * kube-state-metrics series its own Service, pod and container where the subject has none, and the
 * application is scraped by a PodMonitor (`job="<namespace>/<name>"`) with no `service` label.
 */
export function clusterShaped(): FixtureSeries[] {
  return replayShaped().map(({ metric, values }) => {
    const { job, service: _service, ...rest } = metric;
    if (job === "kubelet") {
      return {
        metric: {
          ...rest,
          // Charts often name the container for its role, not the service.
          container: "app",
          job,
          service: "kube-prometheus-stack-kubelet",
          metrics_path: "/metrics/cadvisor",
          endpoint: "https-metrics",
          instance: "10.0.1.5:10250",
        },
        values,
      };
    }
    if (job === "kube-state-metrics") {
      return {
        metric: {
          ...rest,
          job,
          service: "kube-prometheus-stack-kube-state-metrics",
          pod: KSM_POD,
          container: "kube-state-metrics",
          endpoint: "http",
          instance: "10.0.2.7:8080",
        },
        values,
      };
    }
    return {
      metric: { ...rest, job: `shop/${job}`, pod: POD.checkout, container: "app", endpoint: "http" },
      values,
    };
  });
}
