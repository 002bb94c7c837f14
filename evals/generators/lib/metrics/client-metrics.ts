import type { ServiceDef } from "../model.ts";
import { latencyMean } from "../stats.ts";
import type { World } from "../world.ts";
import { keep } from "./exporter-helpers.ts";
import { fmtFixed, fmtInt, gauge, type Labels, type SeriesOut } from "./series.ts";

/** Client-side view of calls: to external providers, and to gRPC callees a service measures. */
export function clientMetrics(world: World, caller: ServiceDef): SeriesOut[] {
  const out: Array<SeriesOut | null> = [];
  // A home-grown exporter has no client-side series; its pods report client latency themselves.
  if (caller.metrics === "custom") return [];
  const namespace = world.namespaceOf(caller.name);
  for (const edge of world.platform.edges) {
    if (edge.from !== caller.name) continue;
    const callee = world.services.get(edge.to);
    if (!callee) continue;
    const mean = (t: number) => latencyMean(world.latency(callee.name, t)) + world.ch(callee.name, "net", t);
    const callers = world.platform.edges.filter((e) => e.to === callee.name).length;
    const rate = (t: number) => world.rps(callee.name, t) / Math.max(1, callers);
    if (callee.workload === "External") {
      const host = callee.host ?? callee.name;
      const seen = new Set<string>(["200"]);
      for (const t of world.times)
        for (const [code, r] of world.codes(callee.name, t)) if (r > 0) seen.add(code);
      const spring = caller.metrics === "spring";
      const name = spring ? "http_client_requests_seconds" : "http_client_request_duration_seconds";
      const base: Labels = spring
        ? {
            application: caller.name,
            service: caller.name,
            namespace,
            client_name: host,
            method: "POST",
            uri: callee.route,
          }
        : { service: caller.name, namespace, upstream: callee.name, host };
      const totalAcc = accumulate(world, rate, svcSeed(caller.name + callee.name));
      for (const code of [...seen].sort()) {
        const ratio = (t: number) =>
          code === "200"
            ? 1 - world.errorRatio(callee.name, t)
            : (world.codes(callee.name, t).get(code) ?? 0);
        const acc = accumulate(world, (t) => rate(t) * ratio(t), svcSeed(caller.name + code));
        const labels: Labels = spring
          ? {
              __name__: `${name}_count`,
              ...base,
              status: code,
              outcome: code === "200" ? "SUCCESS" : code.startsWith("4") ? "CLIENT_ERROR" : "SERVER_ERROR",
            }
          : { __name__: "http_client_requests_total", ...base, code };
        out.push(gauge(labels, world.times, (t) => acc.get(t), fmtInt));
      }
      const sum = accumulate(world, (t) => rate(t) * mean(t), svcSeed(`${caller.name}|sum`) / 10);
      out.push(
        gauge(
          { __name__: `${name}_sum`, ...base },
          world.times,
          (t) => sum.get(t),
          (v) => fmtFixed(v, 2),
        ),
      );
      if (!spring)
        out.push(gauge({ __name__: `${name}_count`, ...base }, world.times, (t) => totalAcc.get(t), fmtInt));
    } else if (caller.clientOf?.includes(callee.name)) {
      const labels = {
        service: caller.name,
        namespace,
        grpc_service: callee.grpcService ?? callee.name,
        grpc_type: "unary",
      };
      const count = accumulate(world, rate, svcSeed(caller.name + callee.name));
      const sum = accumulate(
        world,
        (t) => rate(t) * mean(t),
        svcSeed(`${caller.name}${callee.name}|sum`) / 10,
      );
      out.push(
        gauge(
          { __name__: "grpc_client_handling_seconds_sum", ...labels },
          world.times,
          (t) => sum.get(t),
          (v) => fmtFixed(v, 2),
        ),
      );
      out.push(
        gauge(
          { __name__: "grpc_client_handling_seconds_count", ...labels },
          world.times,
          (t) => count.get(t),
          fmtInt,
        ),
      );
    }
  }
  return keep(out);
}

function svcSeed(text: string): number {
  let h = 0;
  for (const ch of text) h = (h * 31 + ch.charCodeAt(0)) % 100000;
  return 1e5 + h * 37;
}

/** Service-level counter from a rate; it does not reset (a recording that sums all pods of the caller). */
function accumulate(world: World, rate: (t: number) => number, initial: number): Map<number, number> {
  const out = new Map<number, number>();
  let v = initial;
  let last: number | undefined;
  for (const t of world.times) {
    if (last !== undefined)
      v += Math.max(0, rate(t)) * (t - last) * (1 + 0.03 * world.noise(`acc|${initial}`, t));
    out.set(t, v);
    last = t;
  }
  return out;
}
