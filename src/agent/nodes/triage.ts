import { serviceOf, workloadOfPod } from "../../analysis/index.ts";
import type { InvestigationGap } from "../../domain/evidence.ts";
import type { KubernetesObject } from "../../ports/cluster-reader.ts";
import type { DataSources } from "../../ports/data-sources.ts";
import type { TopologyEdge } from "../../ports/topology-source.ts";
import type { AlertContext, InvestigationScope } from "../investigation-scope.ts";
import { memoryLimits } from "../investigators/memory-limits.ts";
import { matchRunbooks } from "../runbooks/match-runbooks.ts";
import type { Runbook } from "../runbooks/runbook.ts";
import type { InvestigationStateUpdate, InvestigationStateValue, RunbookRef } from "../state.ts";
import { findServiceInText } from "./find-service-in-text.ts";

/** How far before the alert the investigators look for the onset and the baseline. */
const LOOKBACK_SECONDS = 60 * 60;
const WORKLOAD_KINDS = ["Deployment", "StatefulSet", "DaemonSet", "CronJob"];
const SUBJECT_LABELS = ["deployment", "statefulset", "daemonset", "cronjob", "pod"];

/**
 * Decides where to look: the alert's service (from its labels, or its title when a pager sent only
 * that), every service any source knows about, the time window, and the matching runbooks. Sources
 * that cannot be read here become gaps; triage itself never fails.
 */
export async function triage(
  state: InvestigationStateValue,
  sources: DataSources,
  runbooks: Runbook[],
  deadlineMs: number,
): Promise<InvestigationStateUpdate> {
  const gaps: InvestigationGap[] = [];
  const alertStart = Math.min(...state.alerts.map((alert) => alert.startsAt), state.now);
  const window = { start: alertStart - LOOKBACK_SECONDS, end: state.now };
  const signal = AbortSignal.timeout(deadlineMs);

  const [topology, workloads, pods, changes, seriesLabels] = await Promise.all([
    readOrGap(gaps, "topology", () => sources.topology.edges(signal), [] as TopologyEdge[]),
    readOrGap(gaps, "kubernetes", () => listWorkloads(sources, signal), [] as KubernetesObject[]),
    readOrGap(
      gaps,
      "kubernetes",
      () => sources.cluster.list("Pod", undefined, signal),
      [] as KubernetesObject[],
    ),
    readOrGap(gaps, "changes", () => sources.changes.list(window, signal), []),
    readOrGap(gaps, "metrics", () => sources.metrics.series(['{__name__=~".+"}'], window, signal), []),
  ]);

  const known = new Set<string>();
  for (const edge of topology) known.add(edge.from).add(edge.to);
  for (const workload of workloads) known.add(workload.metadata.name);
  for (const change of changes) if (change.service) known.add(change.service);
  const podNodes: Record<string, string> = {};
  for (const labels of seriesLabels) {
    const service = serviceOf(labels);
    if (service) known.add(service);
    if (labels.pod && labels.node) podNodes[labels.pod] = labels.node;
  }
  for (const pod of pods) {
    const nodeName = pod.spec?.nodeName;
    if (typeof nodeName === "string") podNodes[pod.metadata.name] = nodeName;
  }

  const focus = focusService(state.alerts, [...known]);
  if (focus) known.add(focus);
  const namespace = state.alerts.map((alert) => alert.labels.namespace).find((value) => value) ?? null;
  const scope: InvestigationScope = {
    focus,
    namespace,
    services: orderByDistance([...known], focus, topology),
    knownServices: [...known].sort(),
    window,
    alertStart,
    now: state.now,
    topology,
    podNodes,
    workloads: workloadIndex(workloads),
    memoryLimits: memoryLimits(workloads),
  };
  return { scope, runbooks: runbookRefs(runbooks, state.alerts), triageGaps: uniqueGaps(gaps) };
}

function focusService(alerts: AlertContext[], known: string[]): string | null {
  for (const alert of alerts) {
    const fromLabels = alertSubject(alert.labels);
    if (fromLabels) return fromLabels;
  }
  for (const alert of alerts) {
    const fromText = findServiceInText(`${alert.name} ${alert.summary}`, known);
    if (fromText) return fromText;
  }
  return null;
}

/**
 * What an alert is about. Workload labels name the object itself; alerts computed by an exporter
 * (kube-state-metrics, blackbox) carry the exporter as `service` or `job`, so those come last.
 */
function alertSubject(labels: Record<string, string>): string | null {
  for (const key of SUBJECT_LABELS) {
    const value = labels[key];
    if (value) return key === "pod" ? workloadOfPod(value) : value;
  }
  return serviceOf(labels);
}

/** The focus first, then services by hops over the call graph in either direction, then the rest. */
function orderByDistance(services: string[], focus: string | null, topology: TopologyEdge[]): string[] {
  const distance = new Map<string, number>();
  if (focus) {
    distance.set(focus, 0);
    const queue = [focus];
    while (queue.length > 0) {
      const current = queue.shift()!;
      const hops = distance.get(current)! + 1;
      for (const edge of topology) {
        const next = edge.from === current ? edge.to : edge.to === current ? edge.from : null;
        if (next && !distance.has(next)) {
          distance.set(next, hops);
          queue.push(next);
        }
      }
    }
  }
  const far = Number.MAX_SAFE_INTEGER;
  return [...services].sort(
    (a, b) => (distance.get(a) ?? far) - (distance.get(b) ?? far) || a.localeCompare(b),
  );
}

function runbookRefs(runbooks: Runbook[], alerts: AlertContext[]): RunbookRef[] {
  const matched = new Map<string, Runbook>();
  for (const alert of alerts) {
    const text = [alert.summary, alert.annotations.description ?? ""].join(" ");
    for (const runbook of matchRunbooks(runbooks, { alertName: alert.name, labels: alert.labels, text })) {
      matched.set(runbook.id, runbook);
    }
  }
  return [...matched.values()].map((runbook) => ({
    id: runbook.id,
    title: runbook.title,
    kinds: [...runbook.kinds],
    mitigations: [...runbook.mitigations],
  }));
}

function workloadIndex(workloads: KubernetesObject[]): InvestigationScope["workloads"] {
  const index: InvestigationScope["workloads"] = {};
  for (const workload of workloads) {
    index[workload.metadata.name] ??= { kind: workload.kind, namespace: workload.metadata.namespace ?? null };
  }
  return index;
}

async function listWorkloads(sources: DataSources, signal: AbortSignal): Promise<KubernetesObject[]> {
  const lists = await Promise.all(
    WORKLOAD_KINDS.map((kind) => sources.cluster.list(kind, undefined, signal)),
  );
  return lists.flat();
}

async function readOrGap<T>(gaps: InvestigationGap[], source: string, read: () => Promise<T>, fallback: T) {
  try {
    return await read();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    gaps.push({ investigator: "triage", source, reason: "unavailable", message: `triage: ${message}` });
    return fallback;
  }
}

function uniqueGaps(gaps: InvestigationGap[]): InvestigationGap[] {
  const seen = new Set<string>();
  return gaps.filter((gap) => !seen.has(gap.source) && seen.add(gap.source));
}
