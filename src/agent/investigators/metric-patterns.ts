import type { Finding } from "../../domain/evidence.ts";
import type { RootCauseKind } from "../../domain/root-cause.ts";

/** One judged signal of a service, as the metrics investigator hands it to the pattern rules. */
export interface JudgedSignal {
  signal: string;
  metric: string;
  /** 0..1 how abnormal, in the signal's bad direction. */
  level: number;
  /** Robust score in baseline IQRs (signed: > 0 rose). */
  signedScore: number;
  /** After / before medians; null when the baseline median is 0. */
  ratio: number | null;
  onset?: number;
  /** Climbs steadily over the whole window (a ramp, as a leak does), not just a step. */
  rising: boolean;
  evidenceId: string;
}

const STRONG = 0.5;
const DATABASE_NAME =
  /(^|[-_])(db|database|postgres|postgresql|mysql|mariadb|mongo|mongodb|redis|cassandra|sql)([-_]|$)|sql|postgres|mysql|mongo|redis/;

/**
 * What the shape of a service's signals says about the kind of fault, as an SRE would read a
 * dashboard: resources that saturate, pools that fill, throttling, latency with no resource cause.
 * Each rule names the signals it rests on; the strongest reading wins, weaker ones stay as findings.
 */
export function inferMetricKinds(
  service: string,
  signals: JudgedSignal[],
  { isNode = false, reportsItself = true } = {},
): Finding[] {
  const strongest = (names: string[]) =>
    signals
      .filter((signal) => names.includes(signal.signal) && signal.level >= STRONG)
      .sort((a, b) => b.level - a.level);
  const isDatabase = DATABASE_NAME.test(service);
  const findings: Finding[] = [];
  const add = (kind: RootCauseKind, used: JudgedSignal[], weight: number, summary: string) => {
    if (used.length === 0) return;
    const level = Math.max(...used.map((signal) => signal.level));
    const onsets = used.flatMap((signal) => (signal.onset === undefined ? [] : [signal.onset]));
    findings.push({
      investigator: "metrics",
      service,
      kind,
      score: level * weight,
      ...(onsets.length > 0 ? { onset: Math.min(...onsets) } : {}),
      signal: used.map((signal) => signal.signal).join("+"),
      summary: `${summary} (${used.map((signal) => signal.metric).join(", ")})`,
      evidenceIds: used.map((signal) => signal.evidenceId),
    });
  };

  const throttled = strongest(["throttled"]);
  const dns = strongest(["dns"]);
  const disk = strongest(["disk"]);
  const pool = strongest(["pool-usage", "pool-wait"]);
  const memory = strongest(["memory"]);
  const restarts = strongest(["restarts"]);
  const cpu = strongest(["cpu", "cpu-throttle", "saturation"]);
  const latency = strongest(["latency"]);
  const errors = strongest(["errors", "availability"]);
  const trafficUp = strongest(["requests"]).filter(
    (signal) => signal.signedScore > 0 && (signal.ratio ?? 0) >= 1.5,
  );

  if (isNode) {
    // A host: a full disk is its own fault; busy CPU or memory on it hurts its neighbours.
    add("disk-full", disk, 0.85, "the node's disk is running out");
    add("noisy-neighbor", [...cpu, ...memory], 0.4, "the node's CPU or memory is busy");
    return findings.sort((a, b) => b.score - a.score);
  }
  add("rate-limited", throttled, 0.9, "requests are being throttled (429 / ResourceExhausted)");
  add("dns-failure", dns, 0.85, "DNS failures rose");
  add("disk-full", disk, 0.85, "disk space is running out");
  add("connection-pool-exhaustion", pool, 0.85, "the connection pool is saturated");
  const leaking = memory.filter((signal) => signal.rising);
  if (memory.length > 0 && restarts.length > 0) {
    add("oom-kill", [...memory, ...restarts], 0.8, "memory climbed and containers restarted");
  }
  // A leak is a ramp; a step in memory alone is more often a symptom (a burst of work) than a cause.
  add("memory-leak", leaking, restarts.length > 0 ? 0.7 : 0.8, "memory climbs steadily");
  if (trafficUp.length > 0)
    add("traffic-spike", [...trafficUp, ...cpu, ...latency], 0.8, "request rate surged");
  // Saturation under a surge of requests, or from a collector fighting a leak near its limit, is
  // the effect of the surge or the leak, not a cause of its own.
  const saturationWeight = trafficUp.length > 0 || leaking.length > 0 ? 0.5 : 0.75;
  if (isDatabase) add("database-slow", [...cpu, ...latency], 0.8, "the database slowed down");
  else add("cpu-saturation", cpu, saturationWeight, "CPU usage or throttling rose");
  if (restarts.length > 0 && memory.length === 0)
    add("crash-loop", restarts, 0.7, "containers keep restarting");
  if (latency.length > 0 && cpu.length === 0 && !isDatabase) {
    add("network-latency", latency, 0.55, "latency rose with no resource saturation");
  }
  // Failures that only the callers can see, from a dependency that reports nothing of its own
  // (an external API, a managed service): the dependency is failing.
  if (!reportsItself) add("dependency-failure", errors, 0.75, "calls to it fail, as its callers see them");
  else add("unknown", errors, 0.5, "error ratio rose");
  return findings.sort((a, b) => b.score - a.score);
}
