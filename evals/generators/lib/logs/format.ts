import type { LogFormat } from "../model.ts";
import { utcParts } from "../time.ts";
import type { Level, LogContent, LogCtx } from "./types.ts";

const PINO_LEVEL: Record<Level, number> = { debug: 20, info: 30, warn: 40, error: 50 };
const UPPER: Record<Level, string> = { debug: "DEBUG", info: "INFO", warn: "WARN", error: "ERROR" };

function logfmtValue(v: string | number | boolean): string {
  const s = String(v);
  return /[\s"=]/.test(s) || s === "" ? JSON.stringify(s) : s;
}

function kv(fields: LogContent["fields"]): string {
  if (!fields) return "";
  return Object.entries(fields)
    .map(([k, v]) => `${k}=${logfmtValue(v)}`)
    .join(" ");
}

function abbreviate(logger: string): string {
  const parts = logger.split(".");
  return parts.map((p, i) => (i < parts.length - 1 ? p.slice(0, 1) : p)).join(".");
}

/** Renders one log line the way the service's logging library writes it. */
export function formatLine(format: LogFormat, level: Level, content: LogContent, c: LogCtx): string {
  if (content.raw !== undefined) return content.raw;
  const { t, pod, svc } = c;
  const p = utcParts(t);
  const isoMs = `${p.date}T${p.time}.${p.millis}Z`;
  const extra = kv(content.fields);
  const withExtra = (msg: string) => (extra ? `${msg} ${extra}` : msg);
  switch (format) {
    case "pino":
      return JSON.stringify({
        level: PINO_LEVEL[level],
        time: Math.floor(t * 1000),
        pid: 1,
        hostname: pod.name,
        name: svc.name,
        ...content.fields,
        msg: content.msg,
      });
    case "zap":
      return JSON.stringify({
        level,
        ts: Number(t.toFixed(6)),
        caller:
          content.logger ?? `${svc.name.replace(/-/g, "")}/server.go:${100 + (content.msg.length % 180)}`,
        msg: content.msg,
        ...content.fields,
      });
    case "logfmt":
      return `ts=${isoMs} level=${level} caller=${content.logger ?? "main.go:88"} msg=${JSON.stringify(content.msg)}${extra ? ` ${extra}` : ""}`;
    case "logback": {
      const logger = abbreviate(content.logger ?? `com.acme.${svc.name.replace(/-/g, "")}.Application`);
      const thread =
        svc.metrics === "worker"
          ? `${svc.name}-consumer-${Math.floor(t * 7) % 3}`
          : `http-nio-${svc.port}-exec-${1 + (Math.floor(t * 7) % 10)}`;
      return `${isoMs}  ${UPPER[level].padStart(5)} 1 --- [${svc.name}] [${thread.slice(-15).padStart(15)}] ${logger.padEnd(40).slice(0, 40)} : ${withExtra(content.msg)}`;
    }
    case "python":
      return `${p.date} ${p.time},${p.millis} ${level === "warn" ? "WARNING" : UPPER[level]} [${content.logger ?? svc.name.replace(/-/g, "_")}] ${withExtra(content.msg)}`;
    case "trainticket": {
      const trace = c.rng.hex(32);
      const span = c.rng.hex(16);
      const where = content.logger
        ? `${abbreviate(content.logger)}#${40 + (content.msg.length % 200)}`
        : `c.b.${svc.name.replace(/-/g, "")}.Service#${40 + (content.msg.length % 200)}`;
      return `${p.time}.${p.millis} ${UPPER[level].padEnd(5)} ${where} TraceID: ${trace} SpanID: ${span} ${withExtra(content.msg)}`;
    }
    case "postgres": {
      const word = { debug: "DEBUG", info: "LOG", warn: "WARNING", error: "ERROR" }[level];
      return `${p.date} ${p.time}.${p.millis} UTC [${1000 + Math.floor((t * 13) % 8000)}] ${word}:  ${withExtra(content.msg)}`;
    }
    case "pgbouncer":
      return `${p.date} ${p.time}.${p.millis} UTC [1] ${level === "error" ? "ERROR" : level === "warn" ? "WARNING" : "LOG"} ${withExtra(content.msg)}`;
    case "redis": {
      const mark = { debug: ".", info: "*", warn: "#", error: "#" }[level];
      const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
      return `1:M ${p.day} ${months[Number(p.month) - 1]} ${p.year} ${p.time}.${p.millis} ${mark} ${withExtra(content.msg)}`;
    }
    case "kafka":
      return `[${p.date} ${p.time},${p.millis}] ${UPPER[level]} ${withExtra(content.msg)} (${content.logger ?? "kafka.server.KafkaServer"})`;
    case "clickhouse": {
      const word = { debug: "Debug", info: "Information", warn: "Warning", error: "Error" }[level];
      return `${p.year}.${p.month}.${p.day} ${p.time}.${p.micros} [ ${200 + Math.floor((t * 31) % 600)} ] {} <${word}> ${content.logger ?? "executeQuery"}: ${withExtra(content.msg)}`;
    }
    case "coredns":
      return `[${UPPER[level] === "WARN" ? "WARNING" : UPPER[level]}] ${withExtra(content.msg)}`;
    case "envoy":
      return `[${isoMs}] ${withExtra(content.msg)}`;
  }
}
