import type { KubernetesObject } from "../../ports/cluster-reader.ts";
import type { LogStream } from "../../ports/log-source.ts";
import type { Series } from "../../ports/metrics-source.ts";

export const CAPS = {
  series: 8,
  pointsPerSeries: 40,
  streams: 6,
  lines: 50,
  lineChars: 300,
  changes: 30,
  objects: 10,
  objectChars: 3_000,
};

/** At most `CAPS.series` series of at most `CAPS.pointsPerSeries` evenly spaced points (the last kept). */
export function capSeries(series: Series[]): Series[] {
  return series.slice(0, CAPS.series).map((one) => ({
    metric: one.metric,
    values: evenly(one.values, CAPS.pointsPerSeries),
  }));
}

/** At most `limit` lines over at most `CAPS.streams` streams, each line cut at `CAPS.lineChars`. */
export function capStreams(streams: LogStream[], limit: number): LogStream[] {
  let left = limit;
  const kept: LogStream[] = [];
  for (const stream of streams.slice(0, CAPS.streams)) {
    if (left <= 0) break;
    const values = stream.values
      .slice(0, left)
      .map(([ns, line]): [string, string] => [
        ns,
        line.length > CAPS.lineChars ? `${line.slice(0, CAPS.lineChars)}...` : line,
      ]);
    left -= values.length;
    kept.push({ stream: stream.stream, values });
  }
  return kept;
}

/**
 * A Kubernetes object without what only costs tokens or may hold secrets: managed fields, the
 * last-applied annotation (a copy of the whole spec), and container env values (names are kept).
 */
export function compactObject(object: KubernetesObject): KubernetesObject {
  const { managedFields: _managed, annotations, ...metadata } = object.metadata;
  const kept = Object.fromEntries(
    Object.entries(annotations ?? {}).filter(([key]) => !key.endsWith("last-applied-configuration")),
  );
  const compact = {
    ...object,
    metadata: { ...metadata, ...(Object.keys(kept).length > 0 ? { annotations: kept } : {}) },
  } as KubernetesObject;
  return withoutEnvValues(compact) as KubernetesObject;
}

function withoutEnvValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEnvValues);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      key === "env" && Array.isArray(inner)
        ? inner.map((entry) => ({ name: (entry as { name?: unknown }).name }))
        : withoutEnvValues(inner),
    ]),
  );
}

function evenly<T>(items: T[], most: number): T[] {
  if (items.length <= most) return items;
  const stride = (items.length - 1) / (most - 1);
  return Array.from({ length: most }, (_, index) => items[Math.round(index * stride)] as T);
}
