/** The vocabulary every generator module shares: platforms, services, effects, pods. */

export type Workload = "Deployment" | "StatefulSet" | "CronJob" | "External";
export type Runtime =
  | "node"
  | "java"
  | "go"
  | "python"
  | "postgres"
  | "redis"
  | "kafka"
  | "clickhouse"
  | "coredns"
  | "pgbouncer"
  | "envoy"
  | "none";
/** How a service exposes its request metrics (the naming of its exporter). */
export type AppMetrics = "http" | "spring" | "grpc" | "starlette" | "worker" | "custom" | "none";
export type LogFormat =
  | "pino"
  | "logfmt"
  | "zap"
  | "logback"
  | "python"
  | "trainticket"
  | "postgres"
  | "redis"
  | "kafka"
  | "clickhouse"
  | "coredns"
  | "pgbouncer"
  | "envoy";

export interface ServiceDef {
  name: string;
  namespace?: string;
  workload: Workload;
  replicas: number;
  runtime: Runtime;
  metrics: AppMetrics;
  logFormat: LogFormat;
  /** Log template bank key, see lib/logs/banks.ts. */
  role: string;
  /** Domain words for log lines: the thing this service handles and what it does with it. */
  entity: string;
  image: string;
  version: string;
  previousVersion: string;
  /** Requests (or operations) per second over all pods at the diurnal mean. */
  rps: number;
  latencyMs: number;
  /** Spread of the lognormal latency distribution. */
  sigma: number;
  /** Normal error ratios by status code (as the service's metrics spell codes). */
  baseCodes: Record<string, number>;
  okCode: string;
  timeoutSec: number;
  cpu: number;
  cpuLimit?: number;
  cpuRequest: number;
  memMiB: number;
  memLimitMiB: number;
  logsPerMin: number;
  port: number;
  route: string;
  method: string;
  grpcService?: string;
  grpcMethod?: string;
  nodes?: string[];
  hpa?: { min: number; max: number; cpuTarget: number };
  pvcGi?: number;
  /** JDBC/DB connection pool, when the service has one. */
  pool?: { max: number; dbTimeMs: number; kind: "hikari" | "node-pg" };
  exporters?: Array<"postgres" | "redis" | "pgbouncer" | "kafka" | "coredns" | "clickhouse">;
  /** Relative noise sd on its signals; a noisy service has a large one. */
  noise: number;
  schedule?: string;
  config?: Record<string, string>;
  /** External providers: the host name their logs use. */
  host?: string;
  /** Callees whose calls this service measures client-side (gRPC client metrics). */
  clientOf?: string[];
  /** Baseline pods were created about this many hours before the window (default: random days). */
  podAgeHours?: number;
  /** Kafka consumer: its consumer group is the service name. */
  topic?: string;
}

export interface NodeDef {
  name: string;
  ip: string;
  zone: string;
  instanceType: string;
  cpu: number;
  memGi: number;
  podCidr: string;
  providerId: string;
}

export interface PlatformCluster {
  provider: "gke" | "eks" | "aks" | "onprem";
  prometheus: string;
  alertmanager: string;
  registry: string;
  kubeletVersion: string;
  runtimeVersion: string;
  osImage: string;
  kernel: string;
  pdDomain: string;
}

/** A TLS certificate someone watches: a blackbox-exporter probe or a cert-manager Certificate. */
export interface Probe {
  kind: "blackbox" | "cert-manager";
  /** Probe URL (blackbox) or Certificate name (cert-manager). */
  name: string;
  service: string;
  /** Days from the case's `now` to expiry; a case may pin `expiresAt` instead. */
  daysLeft: number;
  expiresAt?: number;
}

export interface Platform {
  id: string;
  namespace: string;
  cluster: PlatformCluster;
  nodes: NodeDef[];
  services: ServiceDef[];
  edges: Array<{ from: string; to: string }>;
  peakHourUtc: number;
  diurnalAmplitude: number;
  infra: {
    cadvisor: boolean;
    ksm: boolean;
    nodeExporter: boolean;
    throttling: boolean;
    memoryLimits: boolean;
    /** blackbox-exporter TLS probes: instance URL and the service it belongs to. */
    probes: Probe[];
  };
  people: string[];
  bots: string[];
  pdTeam: string;
  pdServicePrefix: string;
}

/** Channels whose effects multiply (1 = no change); every other channel adds (0 = no change). */
export const MULTIPLICATIVE = new Set(["rps", "lat", "cpu", "logs", "capacity", "dbTime", "mem", "produce"]);

export interface Effect {
  /** Service name, or node name for node channels. */
  service: string;
  channel: string;
  at: number;
  /** Seconds to full strength. */
  ramp?: number;
  until?: number;
  recover?: number;
  /** Full-strength value: a factor for multiplicative channels, an addend otherwise. */
  value: number;
  /** `linear`: reaches `value` one hour after `at` and keeps growing. */
  growth?: "step" | "linear";
}

export interface ContainerRun {
  from: number;
  to?: number;
  exit?: { reason: "OOMKilled" | "Error" | "Completed"; exitCode: number };
}

export interface PodPlan {
  name: string;
  uid: string;
  /** Order of creation within its service: effects can aim at one pod with a `#<index>` channel. */
  index: number;
  service: string;
  namespace: string;
  node: string;
  ip: string;
  owner: { kind: "ReplicaSet" | "StatefulSet" | "Job"; name: string };
  revision?: number;
  hash?: string;
  image: string;
  createdAt: number;
  readyAt: number;
  /** The pod object is gone at this time (rollout, job cleanup). */
  deletedAt?: number;
  /** The API server marked the pod for deletion (node lost): object stays, Terminating. */
  terminatingAt?: number;
  /** Scrapes fail from here on (node unreachable). */
  unreachableFrom?: number;
  runs: ContainerRun[];
  restartsBefore: number;
  priorExit?: PriorExit;
  waiting?: { reason: string; message: string };
  phase: "Running" | "Pending" | "Succeeded" | "Failed";
  /** Relative share of the service's traffic. */
  weight: number;
}

export interface Revision {
  revision: number;
  hash: string;
  version: string;
  image: string;
  createdAt: number;
  configChecksum: string;
}

export interface PriorExit {
  reason: string;
  exitCode: number;
  startedAt: number;
  finishedAt: number;
}

/** A Kubernetes event before rendering: who it is about, why, how often. */
export interface EventRecord {
  involved: { kind: string; name: string; namespace?: string; fieldPath?: string; apiVersion?: string };
  reason: string;
  message: string;
  type: "Normal" | "Warning";
  first: number;
  last: number;
  count: number;
  component: string;
  host?: string;
}
