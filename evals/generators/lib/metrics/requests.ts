import type { PodPlan, ServiceDef } from "../model.ts";
import { latencyCdf, latencyMean } from "../stats.ts";
import type { World } from "../world.ts";
import { binomial, fmtFixed, fmtInt, type Labels, podCumulative, type SeriesOut } from "./series.ts";

const BUCKETS: Record<string, number[]> = {
  http: [0.025, 0.1, 0.25, 1, 2.5],
  spring: [0.025, 0.1, 0.25, 1, 2.5],
  grpc: [0.025, 0.1, 0.25, 1, 2.5],
  starlette: [0.025, 0.1, 0.25, 1, 2.5],
  worker: [0.01, 0.05, 0.25, 1, 5],
};

function leText(le: number): string {
  return String(le);
}

/** The non-OK codes a service shows anywhere in the window, in a stable order. */
function codesSeen(world: World, svc: ServiceDef): string[] {
  const seen = new Set<string>();
  for (const t of world.times)
    for (const [code, ratio] of world.codes(svc.name, t)) if (ratio > 0) seen.add(code);
  return [...seen].sort();
}

interface Layout {
  codes: string[];
  buckets: number[];
}

/** Per pod, per scrape: request counts by code, by latency bucket interval, and the latency sum. */
function sampleTraffic(world: World, pod: PodPlan, layout: Layout): Map<number, number[]> {
  const rng = world.rng.fork(`traffic/${pod.name}`);
  const width = layout.codes.length + layout.buckets.length + 2;
  const vector = (n: number, t: number, exact: boolean) => {
    const out = new Array<number>(width).fill(0);
    const ratios = world.codes(pod.service, t);
    let remaining = n;
    layout.codes.forEach((code, i) => {
      if (i === 0) return;
      const ratio = ratios.get(code) ?? 0;
      const k = exact
        ? Math.round(n * ratio)
        : binomial(rng, remaining, Math.min(1, ratio * (n / Math.max(1, remaining))));
      out[i] = Math.min(remaining, k);
      remaining -= out[i] ?? 0;
    });
    out[0] = remaining;
    const shape = world.latency(pod.service, t);
    let left = n;
    let prev = 0;
    const base = layout.codes.length;
    layout.buckets.forEach((le, i) => {
      const cdf = latencyCdf(shape, le);
      const p = Math.max(0, cdf - prev);
      const k = exact ? Math.round(n * p) : binomial(rng, left, Math.min(1, p / Math.max(1e-9, 1 - prev)));
      out[base + i] = Math.min(left, k);
      left -= out[base + i] ?? 0;
      prev = cdf;
    });
    out[base + layout.buckets.length] = left;
    out[width - 1] = n * latencyMean(shape) * (exact ? 1 : Math.max(0.5, 1 + 0.04 * rng.normal()));
    return out;
  };
  return podCumulative(
    world,
    pod,
    width,
    (t, dt) => vector(rng.poisson(world.podRps(pod, t) * dt), t, false),
    (run) => {
      const since = world.start - Math.max(run.from, pod.readyAt);
      const n = Math.round(world.podRps(pod, world.start) * since * rng.float(0.78, 0.92));
      return vector(Math.max(0, n), world.start, true);
    },
  );
}

interface Naming {
  counter: string;
  codeLabel: string;
  hist: string;
  podLabels: (pod: PodPlan) => Labels;
  svcLabels: Labels;
  /** Spring puts only `_count` per pod; the histogram is recorded per service. */
  countIsCounter: boolean;
  extra: (code: string) => Labels;
}

function naming(world: World, svc: ServiceDef): Naming {
  const namespace = world.namespaceOf(svc.name);
  const common = { service: svc.name, namespace };
  const podBase = (pod: PodPlan) => ({
    ...common,
    pod: pod.name,
    instance: `${pod.ip}:${svc.port}`,
    job: svc.name,
  });
  switch (svc.metrics) {
    case "spring":
      return {
        counter: "http_server_requests_seconds_count",
        codeLabel: "status",
        hist: "http_server_requests_seconds",
        podLabels: (pod) => ({ application: svc.name, ...podBase(pod), method: svc.method, uri: svc.route }),
        svcLabels: { application: svc.name, ...common, method: svc.method, uri: svc.route },
        countIsCounter: true,
        extra: (code) => ({
          outcome: code.startsWith("2") ? "SUCCESS" : code.startsWith("4") ? "CLIENT_ERROR" : "SERVER_ERROR",
          exception: code.startsWith("5") ? "None" : "None",
        }),
      };
    case "grpc":
      return {
        counter: "grpc_server_handled_total",
        codeLabel: "grpc_code",
        hist: "grpc_server_handling_seconds",
        podLabels: (pod) => ({
          ...podBase(pod),
          grpc_service: svc.grpcService ?? svc.name,
          grpc_method: svc.grpcMethod ?? "Get",
          grpc_type: "unary",
        }),
        svcLabels: { ...common, grpc_service: svc.grpcService ?? svc.name, grpc_type: "unary" },
        countIsCounter: false,
        extra: () => ({}),
      };
    case "starlette":
      return {
        counter: "starlette_requests_total",
        codeLabel: "status_code",
        hist: "starlette_requests_processing_time_seconds",
        podLabels: (pod) => ({ app_name: svc.name, ...podBase(pod), method: svc.method, path: svc.route }),
        svcLabels: { app_name: svc.name, ...common, method: svc.method, path: svc.route },
        countIsCounter: false,
        extra: () => ({}),
      };
    case "worker":
      return {
        counter: "events_processed_total",
        codeLabel: "outcome",
        hist: "event_processing_seconds",
        podLabels: (pod) => ({ ...podBase(pod), topic: svc.route }),
        svcLabels: { ...common, topic: svc.route },
        countIsCounter: false,
        extra: () => ({}),
      };
    default:
      return {
        counter: "http_requests_total",
        codeLabel: "code",
        hist: "http_request_duration_seconds",
        podLabels: (pod) => ({ ...podBase(pod), method: svc.method, route: svc.route }),
        svcLabels: { ...common, job: svc.name, method: svc.method, route: svc.route },
        countIsCounter: false,
        extra: () => ({}),
      };
  }
}

/** Request counters per pod and a latency histogram per service, named the way the service's exporter names them. */
export function requestMetrics(world: World, svc: ServiceDef): SeriesOut[] {
  const buckets = BUCKETS[svc.metrics];
  if (!buckets) return [];
  const layout: Layout = { codes: [svc.okCode, ...codesSeen(world, svc)], buckets };
  const names = naming(world, svc);
  const out: SeriesOut[] = [];
  const perPod = world.podsOf(svc.name).map((pod) => ({ pod, samples: sampleTraffic(world, pod, layout) }));
  for (const { pod, samples } of perPod) {
    layout.codes.forEach((code, i) => {
      const values: Array<[number, string]> = [];
      for (const [t, vec] of samples) {
        const v = vec[i] ?? 0;
        if (i > 0 && v === 0 && values.length === 0) continue;
        values.push([t, fmtInt(v)]);
      }
      if (values.length === 0) return;
      out.push({
        metric: {
          __name__: names.counter,
          ...names.podLabels(pod),
          [names.codeLabel]: code,
          ...names.extra(code),
        },
        values,
      });
    });
  }
  const base = layout.codes.length;
  const histValues = (index: (vec: number[]) => number, fmt: (v: number) => string) => {
    const values: Array<[number, string]> = [];
    for (const t of world.times) {
      let total = 0;
      let any = false;
      for (const { samples } of perPod) {
        const vec = samples.get(t);
        if (vec) {
          total += index(vec);
          any = true;
        }
      }
      if (any) values.push([t, fmt(total)]);
    }
    return values;
  };
  const cumulative = (vec: number[], upTo: number) => {
    let sum = 0;
    for (let i = 0; i <= upTo; i++) sum += vec[base + i] ?? 0;
    return sum;
  };
  const les = [...buckets.map(leText), "+Inf"];
  les.forEach((le, i) => {
    out.push({
      metric: { __name__: `${names.hist}_bucket`, ...names.svcLabels, le },
      values: histValues((vec) => cumulative(vec, i), fmtInt),
    });
  });
  out.push({
    metric: { __name__: `${names.hist}_sum`, ...names.svcLabels },
    values: histValues(
      (vec) => vec[vec.length - 1] ?? 0,
      (v) => fmtFixed(v, 2),
    ),
  });
  if (!names.countIsCounter) {
    out.push({
      metric: { __name__: `${names.hist}_count`, ...names.svcLabels },
      values: histValues((vec) => cumulative(vec, les.length - 1), fmtInt),
    });
  }
  return out.filter((s) => s.values.length > 0);
}
