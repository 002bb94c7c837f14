import { MITIGATION_ACTIONS, ROOT_CAUSE_KINDS, TARGET_KINDS } from "../../../src/domain/root-cause.ts";
import { checkAlertmanager, checkPagerduty } from "./check-alert.ts";
import { type Err, isObj, type Json, RFC3339 } from "./check-common.ts";
import { checkChanges, checkKubernetes, checkLogs, checkMetrics } from "./check-sources.ts";

/** The mitigation each root-cause kind gets (evals/README.md states the same policy). */
export const POLICY: Record<string, { withChange?: string; withoutChange: string[] }> = {
  "bad-deploy": { withChange: "rollback", withoutChange: [] },
  "crash-loop": { withChange: "rollback", withoutChange: ["restart", "none"] },
  "image-pull": { withChange: "rollback", withoutChange: ["none"] },
  "config-change": { withChange: "revert-config", withoutChange: [] },
  "feature-flag": { withChange: "disable-flag", withoutChange: [] },
  "schema-migration": { withChange: "none", withoutChange: ["none"] },
  "memory-leak": { withoutChange: ["restart"] },
  "connection-pool-exhaustion": { withoutChange: ["restart"] },
  "cpu-saturation": { withoutChange: ["scale-out"] },
  "traffic-spike": { withoutChange: ["scale-out"] },
  "node-failure": { withoutChange: ["cordon-node"] },
  "oom-kill": { withoutChange: ["none"] },
  "disk-full": { withoutChange: ["none"] },
  "dependency-failure": { withoutChange: ["none", "failover"] },
  "database-slow": { withoutChange: ["none"] },
  "network-latency": { withoutChange: ["none"] },
  "dns-failure": { withoutChange: ["none"] },
  "certificate-expiry": { withoutChange: ["none"] },
  "rate-limited": { withoutChange: ["none"] },
  "noisy-neighbor": { withoutChange: ["none"] },
  unknown: { withoutChange: ["none"] },
};

const LEAK_WORDS = [
  "root cause",
  "rootcause",
  "red herring",
  "red-herring",
  "injected",
  "culprit",
  "ground truth",
];

export interface CaseFacts {
  id: string;
  kind: string;
  tags: string[];
  source: string;
  series: number;
  lines: number;
  bytes: number;
}

/** Checks one case against the replay-case/v1 contract and our own data rules; returns problems as "path: message". */
export function checkCase(file: string, text: string): { problems: string[]; facts: CaseFacts | null } {
  const problems: string[] = [];
  const err = (path: string, message: string) => problems.push(`${file}: ${path}: ${message}`);
  let c: unknown;
  try {
    c = JSON.parse(text);
  } catch (e) {
    err("$", `not JSON: ${(e as Error).message}`);
    return { problems, facts: null };
  }
  if (!isObj(c)) {
    err("$", "not an object");
    return { problems, facts: null };
  }
  if (c.apiVersion !== "replay-case/v1") err("$.apiVersion", "must be replay-case/v1");
  const id = typeof c.id === "string" ? c.id : "";
  if (!/^[a-z0-9-]+$/.test(id)) err("$.id", "must match [a-z0-9-]+");
  if (!file.endsWith(`${id}.json`)) err("$.id", "file name must be <id>.json");
  if (typeof c.title !== "string" || c.title.length === 0) err("$.title", "required string");
  const tags =
    Array.isArray(c.tags) && c.tags.every((t) => typeof t === "string") ? (c.tags as string[]) : [];
  if (!Array.isArray(c.tags)) err("$.tags", "must be an array of strings");
  if (typeof c.now !== "string" || !RFC3339.test(c.now)) err("$.now", "must be RFC 3339 UTC");
  const now = Date.parse(String(c.now)) / 1000;

  const alert = isObj(c.alert) ? c.alert : null;
  if (!alert) err("$.alert", "required object");
  const source = String(alert?.source ?? "");
  if (source !== "alertmanager" && source !== "pagerduty") err("$.alert.source", "alertmanager or pagerduty");
  const payload = isObj(alert?.payload) ? (alert.payload as Json) : null;
  if (!payload) err("$.alert.payload", "required object");
  else if (source === "alertmanager") checkAlertmanager(payload, now, err);
  else if (source === "pagerduty") checkPagerduty(payload, now, err);
  const payloadText = JSON.stringify(payload ?? {}).toLowerCase();
  for (const word of LEAK_WORDS) if (payloadText.includes(word)) err("$.alert.payload", `leaks "${word}"`);

  const sources = isObj(c.sources) ? c.sources : {};
  for (const key of Object.keys(sources))
    if (!["metrics", "logs", "changes", "kubernetes", "topology"].includes(key))
      err(`$.sources.${key}`, "unknown source");
  const names = new Set<string>();
  const metrics = Array.isArray(sources.metrics) ? sources.metrics : [];
  if (sources.metrics !== undefined) checkMetrics(metrics, now, names, err);
  let lines = 0;
  if (sources.logs !== undefined) lines = checkLogs(sources.logs, now, names, err);
  const changeIds = new Set<string>();
  const changeText: string[] = [];
  if (sources.changes !== undefined) checkChanges(sources.changes, now, names, changeIds, changeText, err);
  if (sources.kubernetes !== undefined) checkKubernetes(sources.kubernetes, now, names, err);
  if (sources.topology !== undefined) {
    if (!Array.isArray(sources.topology)) err("$.sources.topology", "must be an array");
    else
      sources.topology.forEach((e, i) => {
        if (!isObj(e) || typeof e.from !== "string" || typeof e.to !== "string")
          err(`$.sources.topology[${i}]`, "needs from and to strings");
        else {
          names.add(e.from);
          names.add(e.to);
        }
      });
  }

  const expected = isObj(c.expected) ? c.expected : null;
  let kind = "";
  if (!expected) err("$.expected", "required object");
  else kind = checkExpected(expected, names, changeIds, changeText, err);
  if (
    tags.includes("two-hop") &&
    expected &&
    isObj(expected.rootCause) &&
    payloadText.includes(`"${String(expected.rootCause.service).toLowerCase()}"`)
  ) {
    err("$.alert.payload", "a two-hop case must not alert on the cause");
  }
  return { problems, facts: { id, kind, tags, source, series: metrics.length, lines, bytes: text.length } };
}

function checkExpected(
  e: Json,
  names: Set<string>,
  changeIds: Set<string>,
  changeText: string[],
  err: Err,
): string {
  const rc = isObj(e.rootCause) ? e.rootCause : null;
  if (!rc) {
    err("$.expected.rootCause", "required object");
    return "";
  }
  const kind = String(rc.kind);
  if (!(ROOT_CAUSE_KINDS as readonly string[]).includes(kind))
    err("$.expected.rootCause.kind", `unknown kind ${kind}`);
  if (typeof rc.service !== "string" || !names.has(rc.service))
    err("$.expected.rootCause.service", `${String(rc.service)} does not appear in the data`);
  if (rc.change !== undefined && !changeIds.has(String(rc.change)))
    err("$.expected.rootCause.change", "no change event has this id");
  if (Array.isArray(e.acceptable))
    e.acceptable.forEach((a, i) => {
      if (
        !isObj(a) ||
        !names.has(String(a.service)) ||
        !(ROOT_CAUSE_KINDS as readonly string[]).includes(String(a.kind))
      )
        err(`$.expected.acceptable[${i}]`, "service in the data and a known kind");
    });
  const m = isObj(e.mitigation) ? e.mitigation : null;
  if (!m) {
    err("$.expected.mitigation", "required object");
    return kind;
  }
  const action = String(m.action);
  if (!(MITIGATION_ACTIONS as readonly string[]).includes(action))
    err("$.expected.mitigation.action", `unknown action ${action}`);
  checkTarget("$.expected.mitigation.target", action, m.target, names, changeText, err);
  const policy = POLICY[kind];
  const allowed =
    rc.change !== undefined && policy?.withChange ? [policy.withChange] : (policy?.withoutChange ?? []);
  if (!allowed.includes(action))
    err(
      "$.expected.mitigation.action",
      `policy says ${allowed.join(" or ")} for ${kind}${rc.change ? " after a change" : ""}`,
    );
  if (Array.isArray(e.forbidden))
    e.forbidden.forEach((f, i) => {
      if (
        !isObj(f) ||
        !(MITIGATION_ACTIONS as readonly string[]).includes(String(f.action)) ||
        f.action === "none"
      )
        err(`$.expected.forbidden[${i}]`, "a real action");
      else
        checkTarget(`$.expected.forbidden[${i}].target`, String(f.action), f.target, names, changeText, err);
    });
  return kind;
}

function checkTarget(
  path: string,
  action: string,
  target: unknown,
  names: Set<string>,
  changeText: string[],
  err: Err,
) {
  if (action === "none") {
    if (target !== undefined) err(path, "no target when the action is none");
    return;
  }
  if (!isObj(target)) {
    err(path, "required when the action is not none");
    return;
  }
  if (!(TARGET_KINDS as readonly string[]).includes(String(target.kind)))
    err(`${path}.kind`, `unknown target kind ${String(target.kind)}`);
  if (typeof target.name !== "string") {
    err(`${path}.name`, "required string");
    return;
  }
  if (target.kind === "Node" && target.namespace !== undefined)
    err(`${path}.namespace`, "a Node has no namespace");
  if (target.kind === "FeatureFlag") {
    if (!changeText.some((t) => t.includes(String(target.name))))
      err(`${path}.name`, "flag key appears in no change event");
  } else if (!names.has(target.name)) err(`${path}.name`, `${target.name} does not appear in the data`);
}
