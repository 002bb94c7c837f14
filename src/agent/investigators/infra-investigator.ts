import { evaluateKubernetesRules, type KubeObject, type RuleHit } from "../../analysis/index.ts";
import type { Evidence, Finding, ServiceAnomaly } from "../../domain/evidence.ts";
import type { KubernetesObject } from "../../ports/cluster-reader.ts";
import { evidenceId } from "../evidence-id.ts";
import type { Investigator } from "./investigator.ts";

const KINDS = [
  "Pod",
  "Event",
  "Deployment",
  "StatefulSet",
  "DaemonSet",
  "ReplicaSet",
  "Node",
  "HorizontalPodAutoscaler",
  "PersistentVolumeClaim",
  "Endpoints",
];
/** Rules older than this before the alert describe another story. */
const LOOKBACK_SECONDS = 2 * 3600;
/** A node-level report of a workload fault, with no pod-level confirmation, weighs this much. */
const HOST_ECHO_WEIGHT = 0.5;

/**
 * Kubernetes state rules (CrashLoopBackOff, OOMKilled, image pulls, scheduling, node conditions, HPA
 * at max, failing probes, no endpoints) over the cluster as it is now; each hit cites the object.
 */
export function createInfraInvestigator(): Investigator {
  return {
    name: "infra",
    async run(scope, sources, signal) {
      const lists = await Promise.all(KINDS.map((kind) => sources.cluster.list(kind, undefined, signal)));
      const objects = lists.flat();
      const hits = withoutHostEchoes(
        evaluateKubernetesRules(objects as KubeObject[], {
          now: scope.now,
          lookbackSeconds: LOOKBACK_SECONDS,
        }),
      );
      const evidence: Evidence[] = [];
      const findings: Finding[] = [];
      const anomalies: ServiceAnomaly[] = [];
      for (const hit of hits) {
        const item = toEvidence(hit, objects, scope.window.start, scope.now);
        if (!evidence.some((known) => known.id === item.id)) evidence.push(item);
        findings.push({
          investigator: "infra",
          service: hit.service,
          kind: hit.kind,
          score: hit.severity,
          ...(hit.since !== undefined ? { onset: hit.since } : {}),
          signal: hit.rule,
          summary: `${hit.rule} on ${hit.object.kind} ${hit.object.name}: ${hit.message}`,
          evidenceIds: [item.id],
          ...(hit.object.kind === "Node" ? { subject: hit.object.name } : {}),
        });
        anomalies.push({
          service: hit.service,
          signal: `k8s:${hit.rule}`,
          score: hit.severity,
          ...(hit.since !== undefined ? { onset: hit.since } : {}),
          evidenceIds: [item.id],
        });
      }
      return { findings, evidence, anomalies, gaps: [] };
    },
  };
}

/**
 * A node's kernel reports every container it OOM-kills; when the pods themselves say which
 * containers died, the node's report only repeats it and must not make the node the suspect.
 */
function withoutHostEchoes(hits: RuleHit[]): RuleHit[] {
  const podKinds = new Set(hits.filter((hit) => hit.object.kind !== "Node").map((hit) => hit.kind));
  return hits.flatMap((hit) => {
    if (hit.object.kind !== "Node" || hit.kind === "node-failure" || hit.kind === "disk-full") return [hit];
    if (podKinds.has(hit.kind)) return [];
    return [{ ...hit, severity: hit.severity * HOST_ECHO_WEIGHT }];
  });
}

function toEvidence(hit: RuleHit, objects: KubernetesObject[], start: number, end: number): Evidence {
  const ref = hit.object;
  const object = objects.find(
    (candidate) =>
      candidate.kind === ref.kind &&
      candidate.metadata.name === ref.name &&
      (ref.namespace === undefined || candidate.metadata.namespace === ref.namespace),
  );
  const path = `${ref.kind.toLowerCase()}${ref.namespace ? ` -n ${ref.namespace}` : ""} ${ref.name}`;
  return {
    id: evidenceId("kubernetes", `${hit.rule} ${path}`, start, end),
    source: "kubernetes",
    query: `kubectl get ${path} -o json`,
    range: { start: new Date(start * 1000).toISOString(), end: new Date(end * 1000).toISOString() },
    summary: `${hit.rule}: ${hit.message}`,
    data: object
      ? { status: object.status ?? null, spec: compactSpec(object), metadata: object.metadata }
      : ref,
  };
}

/** The spec is large; an approver needs the images, replicas and node, not every field. */
function compactSpec(object: KubernetesObject): Record<string, unknown> {
  const spec = object.spec ?? {};
  const keep = ["replicas", "nodeName", "unschedulable", "maxReplicas", "minReplicas"];
  const compact: Record<string, unknown> = {};
  for (const key of keep) if (spec[key] !== undefined) compact[key] = spec[key];
  const containers = (spec.containers ??
    (spec.template as { spec?: { containers?: unknown } })?.spec?.containers) as
    | Array<{ name?: string; image?: string; resources?: unknown }>
    | undefined;
  if (Array.isArray(containers)) {
    compact.containers = containers.map((container) => ({
      name: container.name,
      image: container.image,
      resources: container.resources,
    }));
  }
  return compact;
}
