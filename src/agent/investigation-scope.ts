import type { TopologyEdge } from "../ports/topology-source.ts";

/** What an alert says, as the graph keeps it in its checkpointed state (plain JSON). */
export interface AlertContext {
  source: "alertmanager" | "pagerduty";
  name: string;
  severity: string;
  summary: string;
  status: "firing" | "resolved";
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Unix seconds. */
  startsAt: number;
}

/** The triage decision every investigator works inside. All times are unix seconds. */
export interface InvestigationScope {
  /** The service the alert is about, when it can be told. */
  focus: string | null;
  namespace: string | null;
  /** Services worth investigating, the focus first. */
  services: string[];
  /** Every service name known from any source; used to map pods, nodes and titles to services. */
  knownServices: string[];
  window: { start: number; end: number };
  /** When the alert started firing. */
  alertStart: number;
  /** The investigation's clock. Nothing after it is evidence. */
  now: number;
  topology: TopologyEdge[];
  /** Pod name -> node name, when known from cluster state or series labels. */
  podNodes: Record<string, string>;
  /** Workload name -> its Kubernetes kind and namespace, from cluster state. */
  workloads: Record<string, { kind: string; namespace: string | null }>;
  /** Workload name -> memory limit in bytes, from its spec, when it has one. */
  memoryLimits: Record<string, number>;
}
