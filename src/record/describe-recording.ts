import type { RecordedIncident } from "./record-incident.ts";

/** A few lines for the person who recorded: what went into the case, and what Vigil concluded. */
export function describeRecording(recorded: RecordedIncident, file: string): string {
  const { replayCase, rca } = recorded;
  const { sources } = replayCase;
  const count = (values: ReadonlyArray<{ values: readonly unknown[] }> | undefined) =>
    (values ?? []).reduce((sum, entry) => sum + entry.values.length, 0);
  const parts = [
    sources.metrics
      ? `${sources.metrics.length} series (${count(sources.metrics)} samples)`
      : "metrics: down",
    sources.logs ? `${sources.logs.length} log streams (${count(sources.logs)} lines)` : "logs: down",
    sources.changes ? `${sources.changes.length} changes` : "changes: down",
    sources.kubernetes ? `${sources.kubernetes.length} Kubernetes objects` : "kubernetes: down",
    sources.topology ? `${sources.topology.length} topology edges` : "topology: down",
  ];
  const top = rca?.top ? `${rca.top.service} ${rca.top.kind} (${rca.top.confidence.toFixed(2)})` : "none";
  const mitigation = rca
    ? [rca.mitigation.action, rca.mitigation.target ? targetText(rca.mitigation.target) : ""].join(" ").trim()
    : "none";
  const truth = replayCase.expected;
  const expectedMitigation = [
    truth.mitigation.action,
    truth.mitigation.target ? targetText(truth.mitigation.target) : "",
  ]
    .join(" ")
    .trim();
  return [
    `Recorded ${replayCase.id} to ${file}: ${parts.join(", ")}.`,
    `Vigil's answer on the recording: ${top}; proposes ${mitigation}.`,
    `Ground truth written: ${truth.rootCause.service} ${truth.rootCause.kind}; ${expectedMitigation}.`,
  ].join("\n");
}

function targetText(target: { kind: string; namespace?: string; name: string }): string {
  return [target.kind, target.namespace, target.name].filter(Boolean).join("/");
}
