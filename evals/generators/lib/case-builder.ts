import {
  author,
  type ChangeOut,
  changeId,
  INNOCENT_CONFIG,
  INNOCENT_FLAGS,
  INNOCENT_INFRA,
  innocentDeploySummary,
  nextVersion,
} from "./changes.ts";
import type { CrashLines, LogEffect } from "./logs/emit-logs.ts";
import type { LogContent } from "./logs/types.ts";
import type { Effect, EventRecord, Platform, ServiceDef } from "./model.ts";
import type { CrashSpec, PodAction } from "./pods.ts";
import { createRng, type Rng } from "./rng.ts";
import { iso, parseIso } from "./time.ts";
import type { World } from "./world.ts";

export interface AlertRule {
  value: (w: World, t: number) => number;
  op: ">" | "<";
  threshold: number;
  forSec: number;
}

export interface AmAlertSpec extends AlertRule {
  /** Static labels, or labels read from the simulated system (a pod name, a node). */
  labels: Record<string, string> | ((w: World) => Record<string, string>);
  summary: string;
  description: (v: number, w: World) => string;
  expr: string;
  runbook?: string;
}

export type AlertSpec =
  | { source: "alertmanager"; alerts: AmAlertSpec[]; groupBy?: string[]; receiver?: string; route?: string }
  | {
      source: "pagerduty";
      rule: AlertRule;
      title: string;
      serviceSummary: string;
      urgency?: "high" | "low";
      priority?: string | null;
      team?: string;
      assignee?: string;
      escalationPolicy?: string;
    };

export interface TargetSpec {
  kind: "Deployment" | "StatefulSet" | "DaemonSet" | "CronJob" | "ConfigMap" | "Node" | "FeatureFlag";
  namespace?: string;
  name: string;
}

export interface Expected {
  rootCause: { service: string; kind: string; change?: string };
  acceptable?: Array<{ service: string; kind: string }>;
  mitigation: { action: string; target?: TargetSpec };
  forbidden?: Array<{ action: string; target: TargetSpec }>;
}

export type SourceKey = "metrics" | "logs" | "changes" | "kubernetes" | "topology";

/** Collects one scenario: the fault, its echoes, the distractors, the alert and the truth. */
export class CaseBuilder {
  readonly platform: Platform;
  readonly rng: Rng;
  readonly T: number;
  readonly start: number;
  readonly step: number;
  readonly nowAfter: number;
  titleText = "";
  tagList: string[] = [];
  notesText = "";
  readonly overrides = new Map<string, Partial<ServiceDef>>();
  readonly extraServices: ServiceDef[] = [];
  readonly effectList: Effect[] = [];
  readonly actions: PodAction[] = [];
  readonly changes: ChangeOut[] = [];
  readonly logEffects: LogEffect[] = [];
  readonly crashes: CrashLines[] = [];
  readonly events: EventRecord[] = [];
  readonly configMaps = new Map<string, { data: Record<string, string>; updatedAt: number }>();
  readonly dropped = new Set<SourceKey>();
  alertSpec: AlertSpec | null = null;
  expected: Expected | null = null;
  logScale = 0.22;
  private readonly deployed = new Set<string>();

  constructor(
    readonly id: string,
    platform: Platform,
    opts: { faultAt: string; beforeMin: number; step: number; nowAfter: number },
  ) {
    this.platform = structuredClone(platform);
    this.rng = createRng(id);
    this.T = parseIso(opts.faultAt);
    this.step = opts.step;
    this.start = Math.floor((this.T - opts.beforeMin * 60) / opts.step) * opts.step;
    this.nowAfter = opts.nowAfter;
  }

  title(text: string): this {
    this.titleText = text;
    return this;
  }
  tags(...tags: string[]): this {
    this.tagList.push(...tags);
    return this;
  }
  notes(text: string): this {
    this.notesText = text;
    return this;
  }
  drop(...keys: SourceKey[]): this {
    for (const k of keys) this.dropped.add(k);
    return this;
  }

  svc(name: string): ServiceDef {
    const base =
      this.platform.services.find((s) => s.name === name) ?? this.extraServices.find((s) => s.name === name);
    if (!base) throw new Error(`${this.id}: unknown service ${name}`);
    return { ...base, ...this.overrides.get(name) };
  }
  ns(name: string): string {
    return this.svc(name).namespace ?? this.platform.namespace;
  }
  override(name: string, patch: Partial<ServiceDef>): this {
    this.svc(name);
    this.overrides.set(name, { ...this.overrides.get(name), ...patch });
    return this;
  }

  effect(...effects: Effect[]): this {
    this.effectList.push(...effects);
    return this;
  }
  /** The same effect felt by a caller: weaker by `factor`, later by `delay` seconds. */
  echo(source: Effect, service: string, factor: number, delay: number, channel = source.channel): this {
    const scaled =
      source.channel === channel && ["rps", "lat", "cpu"].includes(channel)
        ? 1 + (source.value - 1) * factor
        : source.value * factor;
    const copy: Effect = { ...source, service, channel, value: scaled, at: source.at + delay };
    if (source.until !== undefined) copy.until = source.until + delay;
    return this.effect(copy);
  }
  action(...actions: PodAction[]): this {
    this.actions.push(...actions);
    return this;
  }
  logs(...effects: LogEffect[]): this {
    this.logEffects.push(...effects);
    return this;
  }
  crashLines(spec: CrashLines): this {
    this.crashes.push(spec);
    return this;
  }
  event(record: EventRecord): this {
    this.events.push(record);
    return this;
  }
  probe(name: string, expiresAt: number): this {
    const probe = this.platform.infra.probes.find((p) => p.name === name);
    if (!probe) throw new Error(`${this.id}: unknown probe ${name}`);
    probe.expiresAt = expiresAt;
    return this;
  }
  alert(spec: AlertSpec): this {
    this.alertSpec = spec;
    return this;
  }
  expect(expected: Expected): this {
    this.expected = expected;
    return this;
  }

  private pushChange(
    change: Omit<ChangeOut, "id" | "namespace" | "at"> & { at: number; id?: string },
  ): string {
    const id =
      change.id ??
      changeId(this.rng.fork(`change/${change.service}/${change.at}`), change.origin ?? "manual");
    const out: ChangeOut = { id, kind: change.kind, service: change.service, at: iso(change.at) };
    const known = this.platform.services.find((s) => s.name === change.service);
    if (known) out.namespace = known.namespace ?? this.platform.namespace;
    for (const key of ["from", "to", "author", "summary", "origin"] as const)
      if (change[key] !== undefined) out[key] = change[key];
    this.changes.push(out);
    return id;
  }

  deploy(opts: {
    service: string;
    at: number;
    version?: string;
    image?: string;
    mode?: "ok" | "image-pull" | "crash";
    crash?: CrashSpec;
    summary?: string;
    author?: string;
    origin?: string;
    blip?: boolean;
  }): string {
    const svc = this.svc(opts.service);
    const r = this.rng.fork(`deploy/${opts.service}/${opts.at}`);
    const version = opts.version ?? nextVersion(svc.version, r);
    const origin = opts.origin ?? r.pick(["argocd", "github"]);
    const mode = opts.mode ?? "ok";
    this.deployed.add(svc.name);
    this.action({
      type: "deploy",
      service: svc.name,
      at: opts.at,
      version,
      mode,
      ...(opts.crash ? { crash: opts.crash } : {}),
      ...(opts.image ? { image: opts.image } : {}),
    });
    if (mode === "ok" && opts.blip !== false) {
      this.effect({
        service: svc.name,
        channel: "lat",
        at: opts.at + 15,
        ramp: 20,
        until: opts.at + 80,
        recover: 60,
        value: 1.18,
      });
    }
    return this.pushChange({
      kind: "deploy",
      service: svc.name,
      at: opts.at,
      from: svc.version,
      to: version,
      author: opts.author ?? author(r, this.platform, 0.15),
      summary: opts.summary ?? innocentDeploySummary(r, svc, version, origin),
      origin,
    });
  }

  config(opts: {
    service: string;
    at: number;
    key: string;
    from: string;
    to: string;
    summary: string;
    author?: string;
    origin?: string;
    rolls?: boolean;
  }): string {
    const svc = this.svc(opts.service);
    const r = this.rng.fork(`config/${opts.service}/${opts.at}`);
    const data = { ...(svc.config ?? {}), ...(this.configMaps.get(svc.name)?.data ?? {}) };
    data[opts.key] = opts.to;
    // The ConfigMap shows the new value; the service's own config (read by exporters) keeps the old one, so a case models the switch with effects.
    this.configMaps.set(svc.name, { data, updatedAt: opts.at });
    this.deployed.add(svc.name);
    if (opts.rolls !== false && svc.workload === "Deployment") {
      this.action({ type: "deploy", service: svc.name, at: opts.at + 2, version: svc.version, mode: "ok" });
    }
    return this.pushChange({
      kind: "config",
      service: svc.name,
      at: opts.at,
      from: `${opts.key}=${opts.from}`,
      to: `${opts.key}=${opts.to}`,
      author: opts.author ?? author(r, this.platform, 0),
      summary: opts.summary,
      origin: opts.origin ?? "argocd",
    });
  }

  flag(opts: {
    service: string;
    at: number;
    key: string;
    from: string;
    to: string;
    summary?: string;
    author?: string;
    origin?: string;
  }): string {
    const r = this.rng.fork(`flag/${opts.key}/${opts.at}`);
    return this.pushChange({
      kind: "feature-flag",
      service: opts.service,
      at: opts.at,
      from: opts.from,
      to: opts.to,
      author: opts.author ?? author(r, this.platform, 0),
      summary:
        opts.summary ?? `Changed targeting of \`${opts.key}\` in production: ${opts.from} -> ${opts.to}`,
      origin: opts.origin ?? "launchdarkly",
    });
  }

  change(change: Omit<ChangeOut, "id" | "namespace" | "at"> & { at: number }): string {
    return this.pushChange(change);
  }

  scale(opts: { service: string; at: number; to: number; record?: boolean; from?: number }): this {
    this.action({ type: "scale", service: opts.service, at: opts.at, to: opts.to });
    if (opts.record) {
      this.pushChange({
        kind: "scale",
        service: opts.service,
        at: opts.at,
        from: String(opts.from ?? this.svc(opts.service).replicas),
        to: String(opts.to),
        author: "horizontal-pod-autoscaler",
        summary: `New size: ${opts.to}; reason: cpu resource utilization (percentage of request) above target`,
        origin: "kubernetes",
      });
    }
    return this;
  }

  /** Innocent changes in the window at services other than `avoid`: the background every real incident has. */
  distract(opts: {
    avoid: string[];
    deploys?: number;
    configs?: number;
    flags?: number;
    infra?: number;
    from?: number;
    to?: number;
    blip?: boolean;
  }): this {
    const r = this.rng.fork("distract");
    const from = opts.from ?? this.start + 300;
    const to = opts.to ?? this.T - 600;
    const candidates = this.platform.services.filter(
      (s) =>
        s.workload === "Deployment" &&
        ["node", "java", "go", "python"].includes(s.runtime) &&
        !opts.avoid.includes(s.name) &&
        !this.deployed.has(s.name) &&
        s.namespace === undefined,
    );
    const take = () => {
      const pool = candidates.filter((s) => !this.deployed.has(s.name));
      if (pool.length === 0) return undefined;
      const svc = r.pick(pool);
      this.deployed.add(svc.name);
      return svc;
    };
    const used: number[] = this.changes.map((c) => Date.parse(c.at) / 1000);
    const when = () => {
      for (let attempt = 0; attempt < 40; attempt++) {
        const t = r.int(from, to);
        if (used.every((u) => Math.abs(u - t) > 240)) {
          used.push(t);
          return t;
        }
      }
      return r.int(from, to);
    };
    for (let i = 0; i < (opts.deploys ?? 2); i++) {
      const svc = take();
      if (svc) this.deploy({ service: svc.name, at: when() });
    }
    for (let i = 0; i < (opts.configs ?? 1); i++) {
      const svc = take();
      if (!svc) continue;
      const c = r.pick(INNOCENT_CONFIG);
      // Background config edits are hot-reloaded from the mounted ConfigMap: no rollout.
      this.config({
        service: svc.name,
        at: when(),
        key: c.key,
        from: c.from,
        to: c.to,
        summary: `${svc.name}: ${c.summary}`,
        rolls: false,
      });
    }
    for (let i = 0; i < (opts.flags ?? 0); i++) {
      const svc = r.pick(candidates);
      const key = r.pick(INNOCENT_FLAGS);
      this.flag({
        service: svc.name,
        at: when(),
        key,
        from: "off",
        to: r.pick(["on for 10%", "on for 25%", "on"]),
        summary: `Turned on \`${key}\` for ${r.pick(["10%", "25%", "internal users"])} in production`,
      });
    }
    for (let i = 0; i < (opts.infra ?? 0); i++) {
      const c = r.pick(INNOCENT_INFRA);
      this.pushChange({
        kind: "infra",
        service: c.service,
        at: when(),
        summary: c.summary,
        author: author(r, this.platform, 0),
        origin: "terraform",
      });
    }
    if (opts.blip ?? r.chance(0.5)) this.pastBlip(r, opts.avoid);
    return this;
  }

  /** A short, recovered anomaly at an innocent backend 15-35 minutes before the fault. */
  private pastBlip(r: Rng, avoid: string[]): void {
    const pool = this.platform.services.filter(
      (s) =>
        s.workload === "Deployment" &&
        s.role === "api" &&
        s.namespace === undefined &&
        !avoid.includes(s.name),
    );
    if (pool.length === 0) return;
    const svc = r.pick(pool);
    const at = r.int(Math.max(this.start + 240, this.T - 2100), this.T - 900);
    const until = at + r.int(120, 240);
    const slow = r.chance(0.6);
    this.effect(
      slow
        ? { service: svc.name, channel: "lat", at, ramp: 30, until, recover: 60, value: r.float(1.7, 2.4) }
        : {
            service: svc.name,
            channel: "err",
            at,
            ramp: 20,
            until,
            recover: 40,
            value: r.float(0.008, 0.018),
          },
    );
    const peer = this.platform.edges.find((e) => e.from === svc.name)?.to ?? "upstream";
    this.logs({
      service: svc.name,
      at: at + 10,
      until,
      perMin: 1.5,
      level: "warn",
      render: (c): LogContent =>
        slow
          ? { msg: "slow dependency call", fields: { dependency: peer, took_ms: c.rng.int(300, 900) } }
          : {
              msg: "retrying request",
              fields: { target: peer, attempt: 2, error: "connection reset by peer" },
            },
    });
    this.tagList.push("past-blip");
  }

  services(): ServiceDef[] {
    return [...this.platform.services, ...this.extraServices].map((s) => ({
      ...s,
      ...this.overrides.get(s.name),
    }));
  }
}
