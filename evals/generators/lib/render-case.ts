import { alertmanagerPayload, pagerdutyPayload } from "./alerts.ts";
import type { AlertRule, CaseBuilder } from "./case-builder.ts";
import { buildCluster } from "./k8s/build-cluster.ts";
import { emitLogs } from "./logs/emit-logs.ts";
import { collectMetrics } from "./metrics/collect-metrics.ts";
import { planPods } from "./pods.ts";
import { iso } from "./time.ts";
import { createWorld, type World } from "./world.ts";

function buildWorld(b: CaseBuilder, now: number): World {
  const services = b.services();
  const rng = b.rng.fork("world");
  const planning = planPods(
    { platform: b.platform, services, start: b.start, now, rng: rng.fork("pods") },
    b.actions,
  );
  return createWorld({
    platform: b.platform,
    services,
    start: b.start,
    now,
    step: b.step,
    effects: b.effectList,
    planning,
    rng,
  });
}

const holds = (rule: AlertRule, w: World, t: number) => {
  const v = rule.value(w, t);
  return rule.op === ">" ? v > rule.threshold : v < rule.threshold;
};

/** When Prometheus would fire the rule: the condition held at every evaluation for `for`. */
function firesAt(rule: AlertRule, w: World, from: number, to: number): number | null {
  const every = 15;
  let since: number | null = null;
  for (let t = Math.ceil(from / every) * every; t <= to; t += every) {
    if (holds(rule, w, t)) {
      since ??= t;
      if (t - since >= rule.forSec) return t;
    } else since = null;
  }
  return null;
}

function rulesOf(b: CaseBuilder): AlertRule[] {
  const spec = b.alertSpec;
  if (!spec) throw new Error(`${b.id}: no alert`);
  return spec.source === "alertmanager" ? spec.alerts : [spec.rule];
}

export interface RenderedCase {
  json: Record<string, unknown>;
  stats: {
    series: number;
    streams: number;
    lines: number;
    objects: number;
    windowMin: number;
    alertDelay: number;
  };
}

export function renderCase(b: CaseBuilder): RenderedCase {
  const spec = b.alertSpec;
  if (!spec || !b.expected) throw new Error(`${b.id}: alert and expected are required`);
  const draft = buildWorld(b, b.T + 40 * 60);
  const rules = rulesOf(b);
  const fire = rules.map((rule) => firesAt(rule, draft, b.T - 240, b.T + 40 * 60));
  const first = fire[0];
  if (first === null || first === undefined) throw new Error(`${b.id}: the alert rule never fires`);
  const early = rules.map((rule) => firesAt(rule, draft, b.start + 300, b.T - 120));
  if (early.some((t) => t !== null))
    throw new Error(
      `${b.id}: the alert rule already fires before the fault (at ${iso(early.find((t) => t !== null) ?? 0)})`,
    );
  const jitter = b.rng.fork("eval").float(0.2, 14.8);
  const startsAt = first + jitter;
  const now = Math.round(startsAt + b.nowAfter);
  fire.forEach((t, i) => {
    if (t === null || t === undefined || t > now - 20)
      throw new Error(`${b.id}: alert ${i} does not fire before now`);
  });
  const world = buildWorld(b, now);
  const { platform } = b;

  let payload: Record<string, unknown>;
  if (spec.source === "alertmanager") {
    payload = alertmanagerPayload({
      alerts: spec.alerts.map((a, i) => {
        const at = (fire[i] ?? first) + (i === 0 ? jitter : b.rng.fork(`eval${i}`).float(0.2, 14.8));
        const value = a.value(world, fire[i] ?? first);
        const annotations: Record<string, string> = {
          description: a.description(value, world),
          summary: a.summary,
        };
        if (a.runbook) annotations.runbook_url = a.runbook;
        const labels = typeof a.labels === "function" ? a.labels(world) : a.labels;
        return { labels, annotations, startsAt: at, expr: a.expr };
      }),
      groupBy: spec.groupBy ?? ["alertname"],
      receiver: spec.receiver ?? "vigil",
      route: spec.route ?? "{}",
      prometheus: platform.cluster.prometheus,
      alertmanager: platform.cluster.alertmanager,
    });
  } else {
    const r = b.rng.fork("pagerduty");
    payload = pagerdutyPayload({
      rng: r,
      domain: platform.cluster.pdDomain,
      title: spec.title,
      serviceSummary: spec.serviceSummary,
      createdAt: startsAt,
      urgency: spec.urgency ?? "high",
      priority: spec.priority === undefined ? "P2" : spec.priority,
      assignee: spec.assignee ?? r.pick(platform.people),
      escalationPolicy: spec.escalationPolicy ?? `${platform.pdTeam} on-call`,
      team: spec.team ?? platform.pdTeam,
      number: r.int(1200, 9800),
    });
  }

  const metrics = collectMetrics(world);
  const logs = emitLogs(world, b.logEffects, b.crashes, b.logScale);
  const kubernetes = buildCluster(world, {
    partOf: platform.id,
    configMaps: b.configMaps,
    events: [...world.planning.events, ...b.events],
  });
  const changes = b.changes
    .filter((c) => Date.parse(c.at) / 1000 <= now)
    .sort((x, y) => x.at.localeCompare(y.at));
  const topology = platform.edges.filter((e) => world.services.has(e.from) || e.from === "clients");
  const sources: Record<string, unknown> = {};
  if (!b.dropped.has("metrics")) sources.metrics = metrics;
  if (!b.dropped.has("logs")) sources.logs = logs;
  if (!b.dropped.has("changes")) sources.changes = changes;
  if (!b.dropped.has("kubernetes")) sources.kubernetes = kubernetes;
  if (!b.dropped.has("topology")) sources.topology = topology;
  const json: Record<string, unknown> = {
    apiVersion: "replay-case/v1",
    id: b.id,
    title: b.titleText,
    tags: [...new Set(b.tagList)],
    now: iso(now),
    alert: { source: spec.source, payload },
    sources,
    expected: b.expected,
    notes: b.notesText,
  };
  return {
    json,
    stats: {
      series: metrics.length,
      streams: logs.length,
      lines: logs.reduce((sum, s) => sum + s.values.length, 0),
      objects: kubernetes.length,
      windowMin: Math.round((now - b.start) / 60),
      alertDelay: Math.round(startsAt - b.T),
    },
  };
}
