import { createEffectIndex, type EffectIndex } from "./effects.ts";
import type { ContainerRun, Effect, Platform, PodPlan, ServiceDef } from "./model.ts";
import type { PodPlanning } from "./pods.ts";
import type { Rng } from "./rng.ts";
import { type LatencyShape, latencyQuantile } from "./stats.ts";

/**
 * The simulated system during the window: every metric, log and object is read from here, so
 * that all sources tell one consistent story.
 */
export interface World {
  platform: Platform;
  services: Map<string, ServiceDef>;
  start: number;
  now: number;
  step: number;
  times: number[];
  effects: EffectIndex;
  planning: PodPlanning;
  rng: Rng;
  svc(name: string): ServiceDef;
  namespaceOf(service: string): string;
  ch(service: string, channel: string, t: number): number;
  /** Stationary AR(1) noise, sd 1, smooth over a few samples. */
  noise(key: string, t: number): number;
  diurnal(t: number): number;
  rps(service: string, t: number): number;
  /** Non-OK status codes and their share of requests. */
  codes(service: string, t: number): Map<string, number>;
  errorRatio(service: string, t: number): number;
  latency(service: string, t: number): LatencyShape;
  quantile(service: string, q: number, t: number): number;
  podsOf(service: string): PodPlan[];
  runAt(pod: PodPlan, t: number): ContainerRun | undefined;
  scraped(pod: PodPlan, t: number): boolean;
  serving(pod: PodPlan, t: number): boolean;
  podRps(pod: PodPlan, t: number): number;
  podCpu(pod: PodPlan, t: number): { demand: number; used: number; throttled: number };
  podMemMiB(pod: PodPlan, t: number): number;
}

export interface WorldInput {
  platform: Platform;
  services: ServiceDef[];
  start: number;
  now: number;
  step: number;
  effects: Effect[];
  planning: PodPlanning;
  rng: Rng;
}

export function createWorld(input: WorldInput): World {
  const { platform, start, now, step, planning, rng } = input;
  const services = new Map(input.services.map((s) => [s.name, s]));
  const effects = createEffectIndex(input.effects);
  const times: number[] = [];
  for (let t = Math.ceil(start / step) * step; t <= now; t += step) times.push(t);
  const noiseCache = new Map<string, number[]>();
  const podsByService = new Map<string, PodPlan[]>();
  for (const pod of planning.pods) {
    const list = podsByService.get(pod.service) ?? [];
    list.push(pod);
    podsByService.set(pod.service, list);
  }

  const svc = (name: string) => {
    const found = services.get(name);
    if (!found) throw new Error(`unknown service ${name}`);
    return found;
  };
  const index = (t: number) => Math.min(times.length + 5, Math.max(0, Math.floor((t - start) / step)));
  const noise = (key: string, t: number) => {
    let series = noiseCache.get(key);
    if (!series) {
      const r = rng.fork(`noise/${key}`);
      const phi = 0.75;
      const innovation = Math.sqrt(1 - phi * phi);
      series = [];
      let x = r.normal();
      for (let i = 0; i < times.length + 8; i++) {
        x = phi * x + innovation * r.normal();
        series.push(x);
      }
      noiseCache.set(key, series);
    }
    return series[index(t)] ?? 0;
  };
  const ch = (service: string, channel: string, t: number) => effects.value(service, channel, t);
  const diurnal = (t: number) => {
    const hour = (((t / 3600) % 24) + 24) % 24;
    return 1 + platform.diurnalAmplitude * Math.cos((2 * Math.PI * (hour - platform.peakHourUtc)) / 24);
  };
  const rps = (service: string, t: number) => {
    const s = svc(service);
    return (
      s.rps * diurnal(t) * ch(service, "rps", t) * Math.max(0.05, 1 + noise(`${service}|rps`, t) * s.noise)
    );
  };
  const codes = (service: string, t: number) => {
    const s = svc(service);
    const out = new Map<string, number>();
    for (const [code, ratio] of Object.entries(s.baseCodes)) {
      const spiky = s.noise >= 0.2 ? Math.max(0, noise(`${service}|spike|${code}`, t) - 1.2) * 6 : 0;
      out.set(
        code,
        ratio * Math.max(0, 1 + noise(`${service}|code|${code}`, t) * Math.min(0.8, s.noise * 3) + spiky),
      );
    }
    const defaultCode = s.metrics === "grpc" ? "Internal" : s.metrics === "worker" ? "error" : "500";
    const generic = ch(service, "err", t);
    if (generic > 0) out.set(defaultCode, (out.get(defaultCode) ?? 0) + generic);
    for (const code of errorCodesOf(service)) {
      const v = ch(service, `err:${code}`, t);
      if (v > 0)
        out.set(
          code,
          (out.get(code) ?? 0) + v * Math.max(0.6, 1 + noise(`${service}|err|${code}`, t) * 0.08),
        );
    }
    const total = [...out.values()].reduce((a, b) => a + b, 0);
    if (total > 0.985) for (const [code, v] of out) out.set(code, (v / total) * 0.985);
    return out;
  };
  const errorCodeCache = new Map<string, string[]>();
  const errorCodesOf = (service: string) => {
    let list = errorCodeCache.get(service);
    if (!list) {
      list = input.effects
        .filter((e) => e.service === service && e.channel.startsWith("err:"))
        .map((e) => e.channel.slice(4))
        .filter((c, i, all) => all.indexOf(c) === i);
      errorCodeCache.set(service, list);
    }
    return list;
  };
  const errorRatio = (service: string, t: number) =>
    [...codes(service, t).values()].reduce((a, b) => a + b, 0);
  const latency = (service: string, t: number): LatencyShape => {
    const s = svc(service);
    const load = 1 + 0.12 * (diurnal(t) - 1);
    const jitter = Math.exp(noise(`${service}|lat`, t) * s.noise * 0.8);
    const spike = s.noise >= 0.2 ? 1 + Math.max(0, noise(`${service}|latspike`, t) - 1.3) * 3 : 1;
    return {
      median: (s.latencyMs / 1000) * load * ch(service, "lat", t) * jitter * spike + ch(service, "latAdd", t),
      sigma: s.sigma * (1 + Math.min(0.6, ch(service, "sigma", t))),
      timeoutFrac: Math.min(0.97, Math.max(0, ch(service, "timeout", t))),
      timeoutSec: s.timeoutSec,
    };
  };
  const runAt = (pod: PodPlan, t: number) => {
    if (pod.createdAt > t || (pod.deletedAt !== undefined && t >= pod.deletedAt)) return undefined;
    return pod.runs.find((run) => run.from <= t && (run.to === undefined || t < run.to));
  };
  const scraped = (pod: PodPlan, t: number) =>
    runAt(pod, t) !== undefined && (pod.unreachableFrom === undefined || t < pod.unreachableFrom);
  const serving = (pod: PodPlan, t: number) => {
    const run = runAt(pod, t);
    if (!run || t < pod.readyAt || t < run.from + 8) return false;
    return pod.unreachableFrom === undefined || t < pod.unreachableFrom + 40;
  };
  const podsOf = (service: string) => podsByService.get(service) ?? [];
  const podRps = (pod: PodPlan, t: number) => {
    if (!serving(pod, t)) return 0;
    const live = podsOf(pod.service).filter((p) => serving(p, t));
    const weights = live.reduce((sum, p) => sum + p.weight, 0);
    return (rps(pod.service, t) * pod.weight) / weights;
  };
  const podCpu = (pod: PodPlan, t: number) => {
    const s = svc(pod.service);
    const perPodBase = s.rps / Math.max(1, s.replicas);
    const ratio = perPodBase > 0 ? Math.max(0.08, podRps(pod, t) / perPodBase) : 1;
    const idle = serving(pod, t) ? 1 : 0.25;
    const demand =
      s.cpu *
        idle *
        ratio ** 0.85 *
        ch(pod.service, "cpu", t) *
        Math.max(0.2, 1 + noise(`${pod.name}|cpu`, t) * s.noise) +
      ch(pod.service, "cpuAdd", t) +
      ch(pod.service, `cpuAdd#${pod.index}`, t);
    const limit = s.cpuLimit ?? Number.POSITIVE_INFINITY;
    const used = Math.min(demand, limit * 0.995);
    const pressure = demand / limit;
    const throttled = Math.min(0.98, Math.max(0, (pressure - 0.62) * 1.4) + ch(pod.service, "throttle", t));
    return { demand, used, throttled };
  };
  const podMemMiB = (pod: PodPlan, t: number) => {
    const s = svc(pod.service);
    const run = runAt(pod, t);
    const sinceStart = run ? t - run.from : 0;
    const warm = Math.min(1, 0.55 + sinceStart / 900);
    let mem =
      s.memMiB * warm * ch(pod.service, "mem", t) * (1 + noise(`${pod.name}|mem`, t) * 0.015) +
      ch(pod.service, "memAdd", t) +
      ch(pod.service, `memAdd#${pod.index}`, t);
    for (const leak of effects.list(pod.service, "memLeak")) {
      const from = Math.max(leak.at, run?.from ?? leak.at);
      if (t > from) mem += (leak.value * (t - from)) / 3600;
    }
    return Math.min(mem, s.memLimitMiB * 0.999);
  };

  return {
    platform,
    services,
    start,
    now,
    step,
    times,
    effects,
    planning,
    rng,
    svc,
    namespaceOf: (service) => svc(service).namespace ?? platform.namespace,
    ch,
    noise,
    diurnal,
    rps,
    codes,
    errorRatio,
    latency,
    quantile: (service, q, t) => latencyQuantile(latency(service, t), q),
    podsOf,
    runAt,
    scraped,
    serving,
    podRps,
    podCpu,
    podMemMiB,
  };
}
