import { classifySignal, serviceOf } from "../../analysis/index.ts";
import type { Labels } from "../../ports/metrics-source.ts";

/** Label names that carry a request's outcome on request counters. */
const OUTCOME_LABELS = ["code", "status", "status_code", "response_code", "grpc_code", "outcome", "result"];

/**
 * The series of one metric for one service, and the selector that fetches exactly them. A service is
 * found by its `service` label, or by the pods that belong to it when only `pod` is there (cAdvisor).
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
  selector: string;
  outcomeLabel: string | null;
  /** Label sets in the group, for evidence. */
  members: Labels[];
}

export function groupSeries(labelSets: Labels[], services: Set<string>): SeriesGroup[] {
  const groups = new Map<string, SeriesGroup & { pods: Set<string>; byServiceLabel: boolean; byNodeLabel: boolean }>();
  for (const labels of labelSets) {
    const name = labels.__name__;
    if (!name) continue;
    if (name.endsWith("_sum") || (name.endsWith("_count") && hasBucketSibling(name, labelSets))) continue;
    const classified = classifySignal(labels);
    // Host-level series describe the node, whatever pod label they carry.
    const service = classified.scope === "node" ? (labels.node ?? labels.instance ?? null) : serviceOf(labels);
    if (!service || (classified.scope !== "node" && !services.has(service))) continue;
    const key = `${name}\u0000${service}`;
    let group = groups.get(key);
    if (!group) {
      group = {
        name,
        service,
        signal: classified.signal,
        worseWhen: classified.worseWhen,
        isNode: classified.scope === "node",
        isCounter: classified.isCounter,
        isBucket: classified.isBucket,
        selector: "",
        outcomeLabel: null,
        members: [],
        pods: new Set(),
        byServiceLabel: labels.service === service,
        byNodeLabel: classified.scope === "node" && labels.node === service,
      };
      groups.set(key, group);
    }
    group.members.push(labels);
    if (labels.pod) group.pods.add(labels.pod);
    group.byServiceLabel &&= labels.service === service;
    group.outcomeLabel ??= OUTCOME_LABELS.find((label) => labels[label] !== undefined) ?? null;
  }
  return [...groups.values()].map(({ pods, byServiceLabel, byNodeLabel, ...group }) => ({
    ...group,
    selector: byNodeLabel
      ? `{__name__="${group.name}", node="${escape(group.service)}"}`
      : selectorFor(group.name, group.service, byServiceLabel, pods, group.members),
  }));
}

function selectorFor(name: string, service: string, byServiceLabel: boolean, pods: Set<string>, members: Labels[]) {
  const matchers = [`__name__="${name}"`];
  if (byServiceLabel) matchers.push(`service="${escape(service)}"`);
  else if (pods.size > 0) matchers.push(`pod=~"${[...pods].map(escapeRegex).join("|")}"`);
  else {
    const label = ["app", "app_kubernetes_io_name", "job", "container", "deployment"].find((key) =>
      members.every((member) => member[key] !== undefined),
    );
    if (label) matchers.push(`${label}=~"${[...new Set(members.map((m) => escapeRegex(m[label]!)))].join("|")}"`);
  }
  return `{${matchers.join(", ")}}`;
}

function hasBucketSibling(name: string, labelSets: Labels[]): boolean {
  const base = name.replace(/_count$/, "");
  return labelSets.some((labels) => labels.__name__ === `${base}_bucket`);
}

function escape(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"');
}

function escapeRegex(value: string): string {
  return escape(value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
}
