import { classifySignal, serviceOf } from "../../analysis/index.ts";
import type { Labels } from "../../ports/metrics-source.ts";
import { findServiceInText } from "../nodes/find-service-in-text.ts";
import { labelLiteral, regexLiteral } from "./query-literals.ts";

/** Label names that carry a request's outcome on request counters (`rcode` for DNS servers). */
const OUTCOME_LABELS = [
  "code",
  "status",
  "status_code",
  "response_code",
  "grpc_code",
  "outcome",
  "result",
  "rcode",
];
/** Label names with which a client-side series names the service it calls. */
const CALLEE_LABELS = [
  "destination_service",
  "upstream",
  "peer_service",
  "target_service",
  "remote_service",
  "callee",
  "dependency",
  "server_address",
  "net_peer_name",
  "peer",
  "target",
  "host",
];

/**
 * The series of one metric for one service, and the selector that fetches exactly them. A series
 * belongs to the service it names (`service`, workload labels, its pods), to the node for host
 * metrics, or to the service it calls when it is a client-side view of a dependency (`upstream`,
 * `destination_service`, ...): slowness seen by callers is evidence about the callee.
 */
export interface SeriesGroup {
  name: string;
  service: string;
  signal: string;
  /** The series describe a host (node) rather than a workload; `service` is then the node's name. */
  isNode: boolean;
  /** Which way the signal moves when something is wrong. */
  worseWhen: "up" | "down" | "both";
  isCounter: boolean;
  isBucket: boolean;
  /** A summary's `_sum` without buckets: the mean latency is rate(_sum) / rate(_count). */
  isAverage: boolean;
  selector: string;
  outcomeLabel: string | null;
  /** Client-side series about a dependency: what its callers saw, not what it reports itself. */
  viaCallers: boolean;
  /** Label sets in the group, for evidence. */
  members: Labels[];
}

interface Owner {
  service: string;
  viaCallers: boolean;
  /** The label and values that select this owner's series, when one label does. */
  matcher: { label: string; values: Set<string> } | null;
}

export function groupSeries(labelSets: Labels[], services: Set<string>): SeriesGroup[] {
  const groups = new Map<string, SeriesGroup & { matcher: Owner["matcher"]; pods: Set<string> }>();
  const known = [...services];
  for (const labels of labelSets) {
    const name = labels.__name__;
    if (!name) continue;
    if (name.endsWith("_count") && hasSibling(name, "_count", "_bucket", labelSets)) continue;
    const isAverage = name.endsWith("_sum") && isMeanLatency(name, labels, labelSets);
    if (name.endsWith("_sum") && !isAverage) continue;
    const classified = isAverage
      ? { ...classifySignal({ ...labels, __name__: name.slice(0, -4) }), isCounter: true, isBucket: false }
      : classifySignal(labels);
    const owner = ownerOf(labels, classified.scope === "node", services, known);
    if (!owner) continue;
    const key = `${name}\u0000${owner.service}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        name,
        service: owner.service,
        signal: classified.signal,
        worseWhen: classified.worseWhen,
        isNode: classified.scope === "node",
        isCounter: classified.isCounter,
        isBucket: classified.isBucket,
        isAverage,
        selector: "",
        outcomeLabel: null,
        viaCallers: owner.viaCallers,
        members: [],
        matcher: owner.matcher ? { label: owner.matcher.label, values: new Set() } : null,
        pods: new Set(),
      };
      groups.set(key, group);
    }
    group.members.push(labels);
    if (labels.pod) group.pods.add(labels.pod);
    if (group.matcher && owner.matcher?.label === group.matcher.label) {
      for (const value of owner.matcher.values) group.matcher.values.add(value);
    } else group.matcher = null;
    group.outcomeLabel ??= OUTCOME_LABELS.find((label) => labels[label] !== undefined) ?? null;
  }
  return [...groups.values()].map(({ matcher, pods, ...group }) => ({
    ...group,
    selector: selectorFor(group.name, matcher, pods, group.members),
  }));
}

function ownerOf(labels: Labels, isNode: boolean, services: Set<string>, known: string[]): Owner | null {
  if (isNode) {
    const node = labels.node ?? labels.instance;
    if (!node) return null;
    const matcher = { label: labels.node ? "node" : "instance", values: new Set([node]) };
    return { service: node, viaCallers: false, matcher };
  }
  const own = serviceOf(labels);
  const calleeLabels = /client/.test(labels.__name__ ?? "")
    ? [...CALLEE_LABELS, "grpc_service"]
    : CALLEE_LABELS;
  for (const label of calleeLabels) {
    const value = labels[label];
    if (!value) continue;
    const callee = services.has(value)
      ? value
      : (findServiceInText(value, known) ?? serviceByTokens(value, known));
    if (callee && callee !== own) {
      return { service: callee, viaCallers: true, matcher: { label, values: new Set([value]) } };
    }
  }
  const claim = labels.persistentvolumeclaim;
  if ((!own || !services.has(own)) && claim) {
    const owner = claimOwner(claim, known);
    return owner
      ? {
          service: owner,
          viaCallers: false,
          matcher: { label: "persistentvolumeclaim", values: new Set([claim]) },
        }
      : null;
  }
  if (!own || !services.has(own)) return null;
  const naming = Object.keys(labels).find((key) => key !== "__name__" && labels[key] === own);
  return {
    service: own,
    viaCallers: false,
    matcher: naming ? { label: naming, values: new Set([own]) } : null,
  };
}

/**
 * The workload a PersistentVolumeClaim belongs to: a StatefulSet names its claims
 * `<template>-<statefulset>-<ordinal>` ("data-clickhouse-0" → "clickhouse"); the longest known
 * name that ends or starts the claim's name wins.
 */
/**
 * A known service whose name's words all appear in the value: gRPC services and hosts spell names
 * their own way ("drm.v1.LicenseService" is drm-license). The longest such name wins.
 */
function serviceByTokens(value: string, known: string[]): string | null {
  const words = new Set(
    value
      .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean),
  );
  const matches = known.filter((name) => name.split(/[-_]/).every((word) => words.has(word)));
  return matches.sort((a, b) => b.length - a.length)[0] ?? null;
}

function claimOwner(claim: string, known: string[]): string | null {
  const base = claim.replace(/-\d+$/, "");
  const owners = known.filter(
    (name) => base === name || base.endsWith(`-${name}`) || base.startsWith(`${name}-`),
  );
  return owners.sort((a, b) => b.length - a.length)[0] ?? null;
}

function selectorFor(name: string, matcher: Owner["matcher"], pods: Set<string>, members: Labels[]): string {
  const matchers = [`__name__="${name}"`];
  if (matcher) {
    const values = [...matcher.values];
    matchers.push(
      values.length === 1
        ? `${matcher.label}="${labelLiteral(values[0]!)}"`
        : `${matcher.label}=~"${values.map(regexLiteral).join("|")}"`,
    );
  } else if (pods.size > 0) {
    matchers.push(`pod=~"${[...pods].map(regexLiteral).join("|")}"`);
  } else {
    // No single label names the owner: every label the members share pins them down.
    for (const [key, value] of Object.entries(members[0] ?? {})) {
      if (key !== "__name__" && members.every((member) => member[key] === value)) {
        matchers.push(`${key}="${labelLiteral(value)}"`);
      }
    }
  }
  return `{${matchers.join(", ")}}`;
}

function hasSibling(name: string, suffix: string, sibling: string, labelSets: Labels[]): boolean {
  const wanted = `${name.slice(0, -suffix.length)}${sibling}`;
  return labelSets.some((labels) => labels.__name__ === wanted);
}

/** A latency `_sum` with its `_count` and no buckets: a summary, or a histogram exported without buckets. */
function isMeanLatency(name: string, labels: Labels, labelSets: Labels[]): boolean {
  if (hasSibling(name, "_sum", "_bucket", labelSets) || !hasSibling(name, "_sum", "_count", labelSets))
    return false;
  return classifySignal({ ...labels, __name__: name.slice(0, -4) }).signal === "latency";
}
