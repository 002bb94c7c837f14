export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "unknown";

export interface ParsedLogLine {
  /** The human message: `msg`/`message` of a structured line (plus its error field), or the text after any timestamp/level prefix. */
  message: string;
  level: LogLevel;
  /** The line reports a failure: an error/fatal level, or, without a level, an unmistakable crash cue. */
  isError: boolean;
  format: "json" | "logfmt" | "plain";
}

const LEVEL_WORDS: Array<[RegExp, LogLevel]> = [
  [/^(fatal|panic|crit|critical|emerg|emergency|alert|f)$/i, "fatal"],
  [/^(error|err|severe|e)$/i, "error"],
  [/^(warn|warning|w)$/i, "warn"],
  [/^(info|information|notice|i)$/i, "info"],
  [/^(debug|trace|verbose|fine|d)$/i, "debug"],
];

/** Maps a level word or number (syslog severity names, pino/bunyan 10–60) to a level. */
export function normalizeLevel(value: unknown): LogLevel {
  if (typeof value === "number") {
    if (value >= 60) return "fatal";
    if (value >= 50) return "error";
    if (value >= 40) return "warn";
    if (value >= 30) return "info";
    return "debug";
  }
  if (typeof value !== "string") return "unknown";
  const word = value.trim();
  for (const [pattern, level] of LEVEL_WORDS) if (pattern.test(word)) return level;
  return "unknown";
}

const MESSAGE_KEYS = ["msg", "message", "MESSAGE", "log", "text", "event", "@m", "@mt"];
// Not "status": in access logs it is the HTTP status, not a level.
const LEVEL_KEYS = ["level", "severity", "lvl", "log.level", "levelname", "loglevel", "level_name", "@l"];
const ERROR_KEYS = [
  "error",
  "err",
  "exception",
  "error.message",
  "exc_info",
  "stack_trace",
  "stacktrace",
  "@x",
];

function pick(fields: Record<string, unknown>, keys: readonly string[]): unknown {
  for (const key of keys) if (fields[key] !== undefined && fields[key] !== null) return fields[key];
  return undefined;
}

function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined) return "";
  if (typeof value === "object" && value !== null && "message" in value) return String(value.message);
  return JSON.stringify(value);
}

function fromFields(fields: Record<string, unknown>, format: "json" | "logfmt", line: string): ParsedLogLine {
  const message = textOf(pick(fields, MESSAGE_KEYS));
  // Error text often sits beside the message (`msg="query failed" err="..."`); it names the cause.
  const errorText = textOf(pick(fields, ERROR_KEYS)).split("\n")[0] ?? "";
  const text = [message, errorText].filter((part) => part !== "").join(": ") || line;
  return finish(text, normalizeLevel(pick(fields, LEVEL_KEYS)), format);
}

const LOGFMT_PAIR = /([\w.@-]+)=("(?:[^"\\]|\\.)*"|\S*)/g;

function parseLogfmt(line: string): Record<string, unknown> | null {
  const fields: Record<string, unknown> = {};
  let pairs = 0;
  for (const match of line.matchAll(LOGFMT_PAIR)) {
    const raw = match[2] ?? "";
    fields[match[1]!] = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, "$1") : raw;
    pairs++;
  }
  const known = [...MESSAGE_KEYS, ...LEVEL_KEYS].some((key) => fields[key] !== undefined);
  return pairs >= 2 && known ? fields : null;
}

// Leading timestamps: ISO 8601, "2024-01-02 15:04:05,123", syslog "Jan  2 15:04:05", bare "15:04:05.123".
const LEADING_TIME =
  /^\s*\[?(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?|[A-Z][a-z]{2} +\d{1,2} \d{2}:\d{2}:\d{2}|\d{2}:\d{2}:\d{2}(?:[.,]\d+)?)\]?\s*/;
const LEVEL_TOKEN =
  /(?:^|[\s[(|:-])(FATAL|PANIC|CRITICAL|CRIT|ERROR|ERR|SEVERE|WARNING|WARN|INFO|NOTICE|DEBUG|TRACE)(?=$|[\s\])|:-])/;
// glog/klog: "E0102 15:04:05.000000 1 file.go:12] message".
const KLOG = /^([IWEF])\d{4} \d{2}:\d{2}:\d{2}\.\d+\s+\d+\s+[^\]]+\]\s*/;

function parsePlain(line: string): ParsedLogLine {
  const klog = KLOG.exec(line);
  if (klog) return finish(line.slice(klog[0].length), normalizeLevel(klog[1]), "plain");
  const rest = line.replace(LEADING_TIME, "");
  // Only look for an upper-case level word near the start, where loggers put it.
  const level = LEVEL_TOKEN.exec(rest.slice(0, 48));
  if (!level) return finish(rest, "unknown", "plain");
  const end = level.index + level[0].length;
  return finish(rest.slice(end).replace(/^[\s\]):|-]+/, ""), normalizeLevel(level[1]), "plain");
}

const CRASH_CUE =
  /\bpanic:|Traceback \(most recent call last\)|\bException in thread\b|^\s*at [\w$.]+\(|\b[\w.]*(Exception|Error):\s|\bFATAL\b|\bsegmentation fault\b|\bunhandled\b|\buncaught\b/i;

function finish(message: string, level: LogLevel, format: ParsedLogLine["format"]): ParsedLogLine {
  const isError = level === "error" || level === "fatal" || (level === "unknown" && CRASH_CUE.test(message));
  return { message: message.trim(), level, isError, format };
}

/**
 * Message and level of one log line, whether JSON (`{"level":"error","msg":...}`), logfmt
 * (`level=error msg=...`) or plain text with a timestamp/level prefix. `streamLevel` (a Loki
 * `level` label) fills in when the line itself carries no level.
 */
export function parseLogLine(line: string, streamLevel?: string): ParsedLogLine {
  const trimmed = line.trim();
  let parsed: ParsedLogLine | null = null;
  if (trimmed.startsWith("{")) {
    try {
      const value: unknown = JSON.parse(trimmed);
      if (typeof value === "object" && value !== null && !Array.isArray(value)) {
        parsed = fromFields(value as Record<string, unknown>, "json", trimmed);
      }
    } catch {
      parsed = null;
    }
  }
  if (parsed === null) {
    const fields = trimmed.includes("=") ? parseLogfmt(trimmed) : null;
    parsed = fields ? fromFields(fields, "logfmt", trimmed) : parsePlain(trimmed);
  }
  if (parsed.level === "unknown" && streamLevel !== undefined) {
    const level = normalizeLevel(streamLevel);
    if (level !== "unknown") return finish(parsed.message, level, parsed.format);
  }
  return parsed;
}
