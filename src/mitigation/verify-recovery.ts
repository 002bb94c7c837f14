import type { Clock } from "../ports/clock.ts";
import type { MetricsSource, Series } from "../ports/metrics-source.ts";

export type Comparator = ">" | ">=" | "<" | "<=";

/**
 * The signal that says whether the service is still unwell: the alert fires while
 * `value <comparator> threshold` holds, so recovery is the first reading where it no longer does.
 */
export interface VerifySignal {
  query: string;
  comparator: Comparator;
  threshold: number;
  /** Where it came from: the alert rule's own expression, or the RCA's key metric evidence. */
  origin: "alert" | "evidence";
  description: string;
}

export interface VerifyReading {
  /** Unix seconds. */
  at: number;
  /** null: no data, or the source could not be read. */
  value: number | null;
  error?: string;
}

export interface VerifyOutcome {
  recovered: boolean;
  readings: VerifyReading[];
  detail: string;
}

/**
 * Reads the signal every `intervalSeconds` until it is back on the healthy side of its threshold or
 * `windowSeconds` have passed. Series are combined the way the alert fires: any series still over
 * (or under) the threshold keeps the service unrecovered. No data never counts as recovered.
 */
export async function verifyRecovery(
  signal: VerifySignal | null,
  ports: { metrics: MetricsSource; clock: Clock; sleep: (ms: number) => Promise<void> },
  options: { windowSeconds: number; intervalSeconds: number },
): Promise<VerifyOutcome> {
  if (!signal) {
    return {
      recovered: false,
      readings: [],
      detail: "no alerting signal to read: recovery cannot be confirmed, check by hand",
    };
  }
  const started = seconds(ports.clock);
  const readings: VerifyReading[] = [];
  // Counted as well as timed: a clock that does not move (a pinned replay clock) must not loop forever.
  const most = Math.floor(options.windowSeconds / options.intervalSeconds) + 1;
  for (;;) {
    const reading = await read(signal, ports.metrics, seconds(ports.clock), options.intervalSeconds);
    readings.push(reading);
    if (reading.value !== null && !violates(reading.value, signal)) {
      return {
        recovered: true,
        readings,
        detail: `${signal.description} is ${format(reading.value)}, no longer ${signal.comparator} ${format(signal.threshold)}, ${reading.at - started} s after apply`,
      };
    }
    if (seconds(ports.clock) - started >= options.windowSeconds || readings.length >= most) break;
    await ports.sleep(options.intervalSeconds * 1000);
  }
  const last = readings.at(-1)?.value ?? null;
  const state = last === null ? "has no data" : `is still ${format(last)}`;
  return {
    recovered: false,
    readings,
    detail: `${signal.description} ${state} (${signal.comparator} ${format(signal.threshold)} means unwell) ${options.windowSeconds} s after apply`,
  };
}

export function violates(value: number, signal: Pick<VerifySignal, "comparator" | "threshold">): boolean {
  switch (signal.comparator) {
    case ">":
      return value > signal.threshold;
    case ">=":
      return value >= signal.threshold;
    case "<":
      return value < signal.threshold;
    case "<=":
      return value <= signal.threshold;
    default: {
      const never: never = signal.comparator;
      throw new Error(`unknown comparator ${String(never)}`);
    }
  }
}

async function read(
  signal: VerifySignal,
  metrics: MetricsSource,
  now: number,
  stepSeconds: number,
): Promise<VerifyReading> {
  try {
    const series = await metrics.queryRange(signal.query, {
      start: now - stepSeconds,
      end: now,
      stepSeconds,
    });
    return { at: now, value: worst(series, signal) };
  } catch (error) {
    return { at: now, value: null, error: error instanceof Error ? error.message : String(error) };
  }
}

/** The latest value of the series furthest on the unwell side. */
function worst(series: Series[], signal: VerifySignal): number | null {
  const latest = series
    .map((one) => one.values.at(-1)?.[1])
    .filter((value): value is number => value !== undefined && Number.isFinite(value));
  if (latest.length === 0) return null;
  return signal.comparator.startsWith(">") ? Math.max(...latest) : Math.min(...latest);
}

function seconds(clock: Clock): number {
  return Math.floor(clock.now().getTime() / 1000);
}

function format(value: number): string {
  return Number(value.toPrecision(4)).toString();
}
