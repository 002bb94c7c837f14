import { type Err, isObj, RFC3339 } from "./check-common.ts";

export function checkMetrics(list: unknown[], now: number, names: Set<string>, err: Err) {
  const seen = new Set<string>();
  const families = new Set(list.map((s) => (isObj(s) && isObj(s.metric) ? String(s.metric.__name__) : "")));
  // `_count` is a counter only beside its `_sum` (pg_stat_activity_count is a gauge).
  const isCounter = (name: string) =>
    /(_total|_bucket)$/.test(name) ||
    (/_count$/.test(name) && families.has(name.replace(/_count$/, "_sum"))) ||
    (/_sum$/.test(name) &&
      (families.has(name.replace(/_sum$/, "_count")) || families.has(name.replace(/_sum$/, "_bucket")))) ||
    /^(pg_stat_database_xact_commit|ClickHouseProfileEvents_.*)$/.test(name);
  const buckets = new Map<string, Map<number, Array<[number, number]>>>();
  const counts = new Map<string, Map<number, number>>();
  list.forEach((s, i) => {
    const path = `$.sources.metrics[${i}]`;
    if (!isObj(s) || !isObj(s.metric) || !Array.isArray(s.values)) {
      err(path, "needs metric and values");
      return;
    }
    const labels = s.metric as Record<string, unknown>;
    if (typeof labels.__name__ !== "string") err(`${path}.metric.__name__`, "required string");
    for (const [k, v] of Object.entries(labels)) {
      if (typeof v !== "string") err(`${path}.metric.${k}`, "label values are strings");
      else if (
        [
          "service",
          "pod",
          "node",
          "namespace",
          "deployment",
          "statefulset",
          "container",
          "consumergroup",
          "upstream",
          "persistentvolumeclaim",
          "name",
          "instance",
        ].includes(k)
      )
        names.add(v);
    }
    const key = JSON.stringify(Object.entries(labels).sort());
    if (seen.has(key)) err(path, "duplicate series");
    seen.add(key);
    if (s.values.length === 0) err(`${path}.values`, "empty");
    let prevT = -1;
    let prevV = Number.NEGATIVE_INFINITY;
    let resets = 0;
    const name = String(labels.__name__);
    const counter = isCounter(name);
    for (const [j, pair] of s.values.entries()) {
      if (!Array.isArray(pair) || !Number.isInteger(pair[0]) || typeof pair[1] !== "string") {
        err(`${path}.values[${j}]`, "must be [int seconds, string]");
        break;
      }
      const [t, raw] = pair as [number, string];
      const v = Number(
        raw === "+Inf" ? Number.POSITIVE_INFINITY : raw === "-Inf" ? Number.NEGATIVE_INFINITY : raw,
      );
      if (Number.isNaN(v) && raw !== "NaN") err(`${path}.values[${j}]`, `not a number: ${raw}`);
      if (t <= prevT) err(`${path}.values[${j}]`, "timestamps must ascend");
      if (t > now) err(`${path}.values[${j}]`, "after now");
      if (counter && v < prevV) resets++;
      prevT = t;
      prevV = v;
      if (name.endsWith("_bucket")) {
        const { le, ...rest } = labels;
        const group = JSON.stringify(Object.entries(rest).sort());
        const byT = buckets.get(group) ?? new Map();
        const at = byT.get(t) ?? [];
        at.push([le === "+Inf" ? Number.POSITIVE_INFINITY : Number(le), v]);
        byT.set(t, at);
        buckets.set(group, byT);
      }
      if (name.endsWith("_count")) {
        const rest = { ...labels, __name__: name.replace(/_count$/, "_bucket") };
        const group = JSON.stringify(Object.entries(rest).sort());
        const byT = counts.get(group) ?? new Map();
        byT.set(t, v);
        counts.set(group, byT);
      }
    }
    if (resets > 8) err(path, `counter resets ${resets} times`);
  });
  for (const [group, byT] of buckets) {
    for (const [t, list2] of byT) {
      const sorted = [...list2].sort((a, b) => a[0] - b[0]);
      for (let k = 1; k < sorted.length; k++) {
        if ((sorted[k]?.[1] ?? 0) < (sorted[k - 1]?.[1] ?? 0)) {
          err("$.sources.metrics", `histogram ${group} not cumulative at ${t}`);
          break;
        }
      }
      const inf = sorted[sorted.length - 1];
      if (!inf || inf[0] !== Number.POSITIVE_INFINITY)
        err("$.sources.metrics", `histogram ${group} lacks +Inf at ${t}`);
      const count = counts.get(group)?.get(t);
      if (count !== undefined && inf && count !== inf[1])
        err("$.sources.metrics", `histogram ${group}: _count != +Inf bucket at ${t}`);
    }
  }
}

export function checkLogs(list: unknown, now: number, names: Set<string>, err: Err): number {
  if (!Array.isArray(list)) {
    err("$.sources.logs", "must be an array");
    return 0;
  }
  const nowNs = BigInt(Math.round(now)) * 1_000_000_000n;
  let lines = 0;
  list.forEach((s, i) => {
    const path = `$.sources.logs[${i}]`;
    if (!isObj(s) || !isObj(s.stream) || !Array.isArray(s.values)) {
      err(path, "needs stream and values");
      return;
    }
    for (const [k, v] of Object.entries(s.stream)) {
      if (typeof v !== "string") err(`${path}.stream.${k}`, "label values are strings");
      else if (k === "service" || k === "pod" || k === "node") names.add(v);
    }
    if (typeof s.stream.service !== "string" || typeof s.stream.level !== "string")
      err(`${path}.stream`, "needs service and level");
    let prev = -1n;
    for (const [j, pair] of s.values.entries()) {
      if (
        !Array.isArray(pair) ||
        typeof pair[0] !== "string" ||
        !/^\d+$/.test(pair[0]) ||
        typeof pair[1] !== "string"
      ) {
        err(`${path}.values[${j}]`, "must be [ns string, line]");
        break;
      }
      const ns = BigInt(pair[0]);
      if (ns < prev) err(`${path}.values[${j}]`, "timestamps must ascend");
      if (ns > nowNs) err(`${path}.values[${j}]`, "after now");
      prev = ns;
      lines++;
    }
  });
  return lines;
}

export function checkChanges(
  list: unknown,
  now: number,
  names: Set<string>,
  ids: Set<string>,
  text: string[],
  err: Err,
) {
  if (!Array.isArray(list)) {
    err("$.sources.changes", "must be an array");
    return;
  }
  list.forEach((ch, i) => {
    const path = `$.sources.changes[${i}]`;
    if (!isObj(ch)) {
      err(path, "must be an object");
      return;
    }
    for (const key of ["id", "kind", "service", "at"])
      if (typeof ch[key] !== "string") err(`${path}.${key}`, "required string");
    if (!["deploy", "config", "feature-flag", "migration", "infra", "scale"].includes(String(ch.kind)))
      err(`${path}.kind`, `unknown kind ${String(ch.kind)}`);
    if (typeof ch.at === "string" && (!RFC3339.test(ch.at) || Date.parse(ch.at) / 1000 > now))
      err(`${path}.at`, "RFC 3339, not after now");
    if (ids.has(String(ch.id))) err(`${path}.id`, "duplicate change id");
    ids.add(String(ch.id));
    names.add(String(ch.service));
    text.push(`${String(ch.summary ?? "")} ${String(ch.from ?? "")} ${String(ch.to ?? "")}`);
  });
}

export function checkKubernetes(list: unknown, now: number, names: Set<string>, err: Err) {
  if (!Array.isArray(list)) {
    err("$.sources.kubernetes", "must be an array");
    return;
  }
  const walk = (v: unknown, path: string) => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        walk(x, `${path}[${i}]`);
      });
    } else if (isObj(v)) for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
    else if (typeof v === "string" && RFC3339.test(v) && Date.parse(v) / 1000 > now)
      err(path, "time after now");
  };
  list.forEach((o, i) => {
    const path = `$.sources.kubernetes[${i}]`;
    if (
      !isObj(o) ||
      typeof o.kind !== "string" ||
      typeof o.apiVersion !== "string" ||
      !isObj(o.metadata) ||
      typeof o.metadata.name !== "string"
    ) {
      err(path, "needs apiVersion, kind, metadata.name");
      return;
    }
    names.add(o.metadata.name);
    walk(o, path);
  });
}
