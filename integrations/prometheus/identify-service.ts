import { serviceOf, workloadOfPod } from "../../src/analysis/index.ts";
import type { Labels } from "../../src/ports/metrics-source.ts";

/** A service catalog entry as vigil.yaml's `services[]` gives it. */
export interface CatalogService {
  name: string;
  namespace?: string | undefined;
  /** Label matchers (equality) that select the service's series. */
  labels: Readonly<Record<string, string>>;
}

export interface ServiceIdentity {
  service: string;
  /** Raw label names that name the service on this series, most telling first. */
  keys: string[];
  /** The catalog's matchers, when the catalog identified it: they select exactly its series. */
  catalogMatchers: Labels | null;
}

export type IdentifyService = (labels: Labels) => ServiceIdentity | null;

/**
 * Labels a scrape adds about the exporter rather than the subject: kube-prometheus-stack puts
 * `service="kube-prometheus-stack-kubelet"` on every cAdvisor series and the kube-state-metrics pod,
 * container and service on every kube-state-metrics series that has none of its own.
 */
const EXPORTER_NAME = /(^|[-_])(kube-state-metrics|kubelet|cadvisor|node-exporter)$/;
/** An exporter's pod, whatever its generated suffixes look like. */
const EXPORTER_POD = /(^|[-_])(kube-state-metrics|cadvisor|node-exporter)(-[a-z0-9]+){1,2}$/;
const MAY_NAME_EXPORTER = [
  "service",
  "service_name",
  "app",
  "app_kubernetes_io_name",
  "k8s_app",
  "container",
  "job",
  "pod",
];
/** Older Kubernetes service-discovery relabelling conventions, and what `serviceOf` calls them. */
const ALIASES: Record<string, string> = {
  kubernetes_pod_name: "pod",
  kubernetes_namespace: "namespace",
  kubernetes_name: "service",
};
const EXPORTED = "exported_";

/**
 * The service a series is about: the first catalog entry whose labels all match (within its
 * namespace, when it names one), else what the series' own labels say once the scrape's labels are
 * set aside — `exported_<x>` wins over `<x>` (the scrape renamed the subject's label), and labels
 * naming a Kubernetes exporter (kubelet/cAdvisor, kube-state-metrics, node-exporter) do not count.
 * Uses the investigators' own `serviceOf` on that view, so a series names the same service here as
 * it would in a replay.
 */
export function createServiceIdentifier(catalog: readonly CatalogService[] = []): IdentifyService {
  const entries = catalog.filter((entry) => Object.keys(entry.labels).length > 0);
  return (labels) => {
    for (const entry of entries) {
      const matched = matchCatalog(entry, labels);
      if (matched) return { service: entry.name, keys: Object.keys(matched), catalogMatchers: matched };
    }
    const { view, rawKey } = subjectView(labels);
    const service = serviceOf(view);
    if (!service) return null;
    const keys = Object.keys(view)
      .filter((key) => key !== "__name__")
      .map((key) => ({ key: rawKey.get(key) ?? key, how: howItNames(key, view[key], service) }))
      .filter(({ how }) => how > 0)
      .sort((a, b) => a.how - b.how);
    return { service, keys: keys.map(({ key }) => key), catalogMatchers: null };
  };
}

/**
 * The labels of a series that name only the exporter that reported it (a kube-state-metrics node
 * series carries its pod, container and Service): without them the series names no service, as it
 * should. The scrape job stays; `serviceOf` already ignores exporter jobs.
 */
export function exporterLabelKeys(labels: Labels): string[] {
  return MAY_NAME_EXPORTER.filter((key) => {
    const value = labels[key];
    return key !== "job" && value !== undefined && namesExporter(key, value);
  });
}

/** The raw matchers an entry selected the series with, or null when it does not match. */
function matchCatalog(entry: CatalogService, labels: Labels): Labels | null {
  const matched: Labels = {};
  for (const [key, value] of Object.entries(entry.labels)) {
    const rawKey = labels[`${EXPORTED}${key}`] !== undefined ? `${EXPORTED}${key}` : key;
    if (labels[rawKey] !== value) return null;
    matched[rawKey] = value;
  }
  if (entry.namespace !== undefined) {
    const key = labels[`${EXPORTED}namespace`] !== undefined ? `${EXPORTED}namespace` : "namespace";
    const namespace = labels[key];
    if (namespace !== undefined && namespace !== entry.namespace) return null;
    if (namespace !== undefined) matched[key] = namespace;
  }
  return matched;
}

function subjectView(labels: Labels): { view: Labels; rawKey: Map<string, string> } {
  const view: Labels = {};
  const rawKey = new Map<string, string>();
  for (const [key, value] of Object.entries(labels)) {
    if (key.startsWith(EXPORTED) || labels[`${EXPORTED}${key}`]) continue;
    view[key] = value;
    rawKey.set(key, key);
  }
  for (const [key, value] of Object.entries(labels)) {
    if (!key.startsWith(EXPORTED) || value === "") continue;
    view[key.slice(EXPORTED.length)] = value;
    rawKey.set(key.slice(EXPORTED.length), key);
  }
  for (const [alias, name] of Object.entries(ALIASES)) {
    const value = labels[alias];
    if (value && view[name] === undefined) {
      view[name] = value;
      rawKey.set(name, alias);
    }
  }
  for (const key of MAY_NAME_EXPORTER) {
    const value = view[key];
    if (value !== undefined && namesExporter(key, value)) {
      delete view[key];
    }
  }
  return { view, rawKey };
}

/** 1: the value is the service's name; 2: a pod of it; 3: a `namespace/name` job; 0: unrelated. */
function howItNames(key: string, value: string | undefined, service: string): number {
  if (!value) return 0;
  if (value === service) return 1;
  if ((key === "pod" || key === "pod_name") && workloadOfPod(value) === service) return 2;
  return key === "job" && value.endsWith(`/${service}`) ? 3 : 0;
}

function namesExporter(key: string, value: string): boolean {
  if (key !== "pod") return EXPORTER_NAME.test(value);
  return EXPORTER_NAME.test(workloadOfPod(value)) || EXPORTER_POD.test(value);
}
