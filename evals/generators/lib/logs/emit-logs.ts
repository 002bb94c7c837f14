import type { PodPlan, ServiceDef } from "../model.ts";
import { nanos } from "../time.ts";
import type { World } from "../world.ts";
import { formatLine } from "./format.ts";
import { roleBank } from "./role-banks.ts";
import { runtimeBank, startupLines } from "./runtime-banks.ts";
import type { Level, LogContent, LogCtx, LogTemplate } from "./types.ts";

export interface StreamOut {
  stream: Record<string, string>;
  values: Array<[string, string]>;
}

/** Extra lines a fault makes a service write, per pod and minute, while it lasts. */
export interface LogEffect {
  service: string;
  at: number;
  until?: number;
  perMin: number;
  level: Level;
  render: (c: LogCtx) => LogContent | string;
  pods?: (pod: PodPlan) => boolean;
  ramp?: number;
}

/** Lines a container writes just before it dies (stack traces, OOM messages). */
export interface CrashLines {
  service: string;
  level: Level;
  render: (c: LogCtx) => Array<LogContent | string>;
}

const REQUEST_DRIVEN = new Set(["node", "java", "go", "python"]);

function bankFor(svc: ServiceDef): LogTemplate[] {
  // A consumer or a batch job serves no requests: no access lines, the worker bank has its own.
  const serves = svc.metrics !== "worker" && svc.role !== "batch";
  return [...runtimeBank(svc.runtime, serves, svc.pool !== undefined), ...roleBank(svc)];
}

export function emitLogs(
  world: World,
  effects: LogEffect[],
  crashes: CrashLines[],
  scale: number,
): StreamOut[] {
  const streams = new Map<string, StreamOut>();
  const peersOf = (svc: ServiceDef) =>
    world.platform.edges.filter((e) => e.from === svc.name).map((e) => e.to);
  const push = (pod: PodPlan, svc: ServiceDef, level: Level, t: number, line: string, rng: LogCtx["rng"]) => {
    if (t > world.now || t < world.start) return;
    const stream = {
      service: svc.name,
      namespace: pod.namespace,
      pod: pod.name,
      container: svc.name,
      node: pod.node,
      level,
    };
    const key = JSON.stringify(stream);
    let out = streams.get(key);
    if (!out) {
      out = { stream, values: [] };
      streams.set(key, out);
    }
    out.values.push([nanos(t, rng), line]);
  };
  const alive = (pod: PodPlan, t: number) =>
    world.runAt(pod, t) !== undefined && (pod.unreachableFrom === undefined || t < pod.unreachableFrom);
  const write = (pod: PodPlan, svc: ServiceDef, c: LogCtx, fallback: Level, content: LogContent | string) => {
    const body = typeof content === "string" ? { msg: content } : content;
    const level = body.level ?? fallback;
    push(pod, svc, level, c.t, formatLine(svc.logFormat, level, body, c), c.rng);
  };

  for (const svc of world.services.values()) {
    if (svc.workload === "External") continue;
    const bank = bankFor(svc);
    const peers = peersOf(svc);
    const effectList = effects.filter((e) => e.service === svc.name);
    const crash = crashes.filter((c) => c.service === svc.name);
    for (const pod of world.podsOf(svc.name)) {
      const rng = world.rng.fork(`logs/${pod.name}`);
      const ctx = (t: number): LogCtx => ({ rng, t, pod, svc, world, peers });
      const perPodBase = svc.rps / Math.max(1, svc.replicas);
      for (let m = Math.floor(world.start / 60) * 60; m <= world.now; m += 60) {
        const mid = m + 30;
        if (!alive(pod, Math.min(mid, world.now))) continue;
        const load =
          REQUEST_DRIVEN.has(svc.runtime) && perPodBase > 0
            ? Math.min(3, Math.max(0.3, world.podRps(pod, mid) / perPodBase)) ** 0.6
            : 1;
        const count = rng.poisson(svc.logsPerMin * scale * world.ch(svc.name, "logs", mid) * load);
        for (let i = 0; i < count; i++) {
          const t = m + rng.next() * 60;
          if (t > world.now || !alive(pod, t)) continue;
          const template = rng.weighted(bank, (x) => x.weight);
          const c = ctx(t);
          write(pod, svc, c, template.level, template.render(c));
        }
        for (const effect of effectList) {
          if (effect.pods && !effect.pods(pod)) continue;
          const from = Math.max(m, effect.at);
          const to = Math.min(m + 60, effect.until ?? Number.POSITIVE_INFINITY, world.now);
          if (to <= from) continue;
          const ramp = effect.ramp ? Math.min(1, (mid - effect.at) / effect.ramp) : 1;
          const lines = rng.poisson(effect.perMin * Math.max(0.1, ramp) * ((to - from) / 60));
          for (let i = 0; i < lines; i++) {
            const t = from + rng.next() * (to - from);
            if (!alive(pod, t)) continue;
            const c = ctx(t);
            write(pod, svc, c, effect.level, effect.render(c));
          }
        }
      }
      for (const run of pod.runs) {
        if (run.from >= world.start && run.from <= world.now) {
          startupLines(svc.runtime, ctx(run.from)).forEach((content, i) => {
            const c = ctx(run.from + 0.4 + i * rng.float(0.05, 1.5));
            write(pod, svc, c, "info", content);
          });
        }
        if (
          run.to !== undefined &&
          run.exit &&
          run.exit.reason !== "Completed" &&
          run.to >= world.start &&
          run.to <= world.now
        ) {
          for (const spec of crash) {
            const c0 = ctx(run.to - 1.2);
            spec.render(c0).forEach((content, i) => {
              const c = ctx(run.to! - 1.2 + i * 0.01);
              if (c.t < world.now) write(pod, svc, c, spec.level, content);
            });
          }
        }
      }
    }
  }
  const out = [...streams.values()];
  for (const s of out)
    s.values.sort((a, b) => (BigInt(a[0]) < BigInt(b[0]) ? -1 : BigInt(a[0]) > BigInt(b[0]) ? 1 : 0));
  return out.sort((a, b) => JSON.stringify(a.stream).localeCompare(JSON.stringify(b.stream)));
}
