/** A call edge: `from` calls `to` (`to` is a dependency of `from`). */
export interface CallEdge {
  from: string;
  to: string;
}

export interface TopologyIndex {
  services(): string[];
  /** Direct dependencies (services this one calls). */
  callees(service: string): string[];
  /** Direct callers. */
  callers(service: string): string[];
  /** Every service this one depends on, directly or through others: nearest first. */
  upstreamOf(service: string): string[];
  /** Every service that depends on this one, directly or through others: nearest first. */
  downstreamOf(service: string): string[];
  /** Hops from `from` to `to` following calls; null when `to` is not reachable. */
  distance(from: string, to: string): number | null;
}

function reach(start: string, next: ReadonlyMap<string, readonly string[]>): Map<string, number> {
  const hops = new Map<string, number>([[start, 0]]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const current = queue[head]!;
    for (const neighbour of next.get(current) ?? []) {
      if (hops.has(neighbour)) continue;
      hops.set(neighbour, hops.get(current)! + 1);
      queue.push(neighbour);
    }
  }
  return hops;
}

/**
 * Indexes a call graph. We say "upstream" for dependencies, as Envoy and most SRE writing do:
 * a fault flows from upstream (the callee) down to its callers, where the symptoms show.
 * Self-calls and duplicate edges are ignored; cycles are fine.
 */
export function createTopologyIndex(edges: readonly CallEdge[]): TopologyIndex {
  const down = new Map<string, string[]>();
  const up = new Map<string, string[]>();
  const all = new Set<string>();
  for (const { from, to } of edges) {
    all.add(from);
    all.add(to);
    if (from === to) continue;
    const callees = down.get(from) ?? [];
    if (!callees.includes(to)) callees.push(to);
    down.set(from, callees);
    const callers = up.get(to) ?? [];
    if (!callers.includes(from)) callers.push(from);
    up.set(to, callers);
  }
  const upstreamCache = new Map<string, Map<string, number>>();
  const downstreamCache = new Map<string, Map<string, number>>();
  const cached = (cache: Map<string, Map<string, number>>, service: string, next: Map<string, string[]>) => {
    let hops = cache.get(service);
    if (!hops) {
      hops = reach(service, next);
      cache.set(service, hops);
    }
    return hops;
  };
  const ordered = (hops: Map<string, number>, service: string) =>
    [...hops.entries()].filter(([name]) => name !== service).map(([name]) => name);
  return {
    services: () => [...all],
    callees: (service) => [...(down.get(service) ?? [])],
    callers: (service) => [...(up.get(service) ?? [])],
    upstreamOf: (service) => ordered(cached(upstreamCache, service, down), service),
    downstreamOf: (service) => ordered(cached(downstreamCache, service, up), service),
    distance: (from, to) => cached(upstreamCache, from, down).get(to) ?? null,
  };
}
