import type { Rng } from "./rng.ts";

/** RFC 3339 in UTC, whole seconds: what Kubernetes and most APIs print. */
export function iso(t: number): string {
  return new Date(Math.floor(t) * 1000).toISOString().replace(".000Z", "Z");
}

/** RFC 3339 with milliseconds, as Alertmanager and PagerDuty print their times. */
export function isoMillis(t: number): string {
  return new Date(Math.round(t * 1000)).toISOString();
}

export function parseIso(text: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`not an RFC 3339 time: ${text}`);
  return ms / 1000;
}

/** Unix nanoseconds as a decimal string (Loki's timestamp form), microsecond precision plus jitter. */
export function nanos(t: number, rng: Rng): string {
  const micros = BigInt(Math.floor(t * 1e6));
  return (micros * 1000n + BigInt(rng.int(0, 999))).toString();
}

export function minutes(n: number): number {
  return n * 60;
}

/** Pieces of a UTC time for log formatters. */
export function utcParts(t: number): {
  date: string;
  time: string;
  millis: string;
  micros: string;
  year: string;
  month: string;
  day: string;
} {
  const d = new Date(Math.floor(t * 1000));
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  const year = String(d.getUTCFullYear());
  const month = pad(d.getUTCMonth() + 1);
  const day = pad(d.getUTCDate());
  return {
    date: `${year}-${month}-${day}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
    millis: pad(d.getUTCMilliseconds(), 3),
    micros: pad(Math.floor((t * 1e6) % 1e6), 6),
    year,
    month,
    day,
  };
}
