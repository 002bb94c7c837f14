import type { Runtime } from "../model.ts";
import { type Level, type LogContent, type LogCtx, type LogTemplate, tpl } from "./types.ts";

export const id = (c: LogCtx, n = 12) => c.rng.hex(n);
const peer = (c: LogCtx) => (c.peers.length > 0 ? c.rng.pick(c.peers) : "localhost");
const ms = (c: LogCtx, lo: number, hi: number) => Math.round(c.rng.float(lo, hi));

/** One request as the service saw it: a status drawn from the current error mix, a latency from the current distribution. */
export function sampleRequest(c: LogCtx): { code: string; ms: number } {
  const codes = c.world.codes(c.svc.name, c.t);
  let code = c.svc.okCode;
  let r = c.rng.next();
  for (const [candidate, ratio] of codes) {
    r -= ratio;
    if (r < 0) {
      code = candidate;
      break;
    }
  }
  const shape = c.world.latency(c.svc.name, c.t);
  const latency = c.rng.chance(shape.timeoutFrac)
    ? shape.timeoutSec
    : Math.min(shape.timeoutSec, shape.median * Math.exp(shape.sigma * c.rng.normal()));
  return { code, ms: Math.max(0.3, latency * 1000) };
}

const httpLevel = (code: string): Level =>
  code.startsWith("5") ? "error" : code.startsWith("4") ? "warn" : "info";
const GRPC_ERROR = new Set(["Internal", "Unknown", "DataLoss", "Unimplemented"]);
const GRPC_WARN = new Set(["Unavailable", "DeadlineExceeded", "ResourceExhausted", "Canceled"]);
const grpcLevel = (code: string): Level =>
  GRPC_ERROR.has(code) ? "error" : GRPC_WARN.has(code) ? "warn" : "info";

function path(c: LogCtx): string {
  return c.svc.route.replace(/\{[^}]+\}|:id/g, () => String(c.rng.int(1000, 99999)));
}

const nodeHttp: LogTemplate[] = [
  tpl("info", 14, (c): LogContent => {
    const r = sampleRequest(c);
    return {
      level: httpLevel(r.code),
      msg: "request completed",
      fields: {
        reqId: `req-${id(c, 8)}`,
        method: c.svc.method,
        url: path(c),
        statusCode: Number(r.code),
        responseTime: Number(r.ms.toFixed(1)),
      },
    };
  }),
  tpl("warn", 1.5, (c) => ({
    msg: "request aborted by client",
    fields: { reqId: `req-${id(c, 8)}`, url: path(c) },
  })),
  tpl("debug", 3, (c) => ({ msg: "jwt verified", fields: { sub: `usr_${id(c, 10)}`, scope: "shop:read" } })),
  tpl("warn", 0.8, (c) => ({
    msg: "deprecated header used by client",
    fields: { header: "x-api-version", ua: c.rng.pick(["ios/5.12.1", "android/5.11.0", "web"]) },
  })),
];

const nodeProcess: LogTemplate[] = [
  tpl("debug", 6, (c) => ({
    msg: "cache hit",
    fields: { key: `${c.svc.entity}:${c.rng.int(1000, 99999)}`, ttl: c.rng.int(20, 300) },
  })),
  tpl("debug", 5, (c) => ({
    msg: "outgoing request",
    fields: { target: peer(c), method: "GET", durationMs: ms(c, 2, 40) },
  })),
  tpl("info", 2, (c) => ({
    msg: "feature flags refreshed",
    fields: { count: c.rng.int(38, 44), source: "flagd" },
  })),
  tpl("warn", 1.2, (c) => ({ msg: "event loop lag above threshold", fields: { lagMs: ms(c, 60, 180) } })),
  tpl("info", 1, () => ({ msg: "config reloaded", fields: { file: "/etc/app/config.json" } })),
  tpl("error", 0.25, (c) => ({
    msg: "failed to publish analytics event",
    fields: { err: "ETIMEDOUT", queue: "analytics", reqId: `req-${id(c, 8)}` },
  })),
  tpl("debug", 2, (c) => ({ msg: "keep-alive socket reused", fields: { host: peer(c) } })),
  tpl("info", 1.5, (c) => ({
    msg: "cache stats",
    fields: { hits: c.rng.int(900, 2000), misses: c.rng.int(30, 200), evictions: c.rng.int(0, 8) },
  })),
];

const javaHttp: LogTemplate[] = [
  tpl("info", 13, (c): LogContent => {
    const r = sampleRequest(c);
    return {
      level: httpLevel(r.code),
      logger: "com.acme.web.RequestLoggingFilter",
      msg: `Completed ${c.svc.method} ${path(c)} in ${Math.round(r.ms)}ms status=${r.code}`,
    };
  }),
  tpl("warn", 1.2, (c) => ({
    logger: "org.springframework.web.servlet.mvc.method.annotation.ExceptionHandlerExceptionResolver",
    msg: `Resolved [org.springframework.web.bind.MethodArgumentNotValidException: Validation failed for argument [0] in public ResponseEntity ${c.svc.entity}Controller.create(): [Field error in object '${c.svc.entity}Request' on field 'amount': rejected value [-1]]]`,
  })),
  tpl("info", 1.5, (c) => ({
    logger: "com.acme.web.IdempotencyFilter",
    msg: `Request replayed from idempotency store key=${id(c, 20)}`,
  })),
  tpl("info", 1, () => ({
    logger: "com.acme.security.JwksKeyProvider",
    msg: "Refreshing JWKS from https://auth.internal/.well-known/jwks.json",
  })),
];

const javaProcess: LogTemplate[] = [
  tpl("info", 2, (c) => ({
    logger: "com.acme.scheduling.LockCleanupJob",
    msg: `Scheduled task cleanupExpiredLocks completed in ${ms(c, 4, 30)} ms`,
  })),
  tpl("debug", 4, (c) => ({
    logger: "org.apache.kafka.clients.producer.KafkaProducer",
    msg: `Sent record to topic=${c.svc.entity}-events partition=${c.rng.int(0, 5)} offset=${c.rng.int(1e6, 9e6)}`,
  })),
  tpl("debug", 3, (c) => ({
    logger: "com.acme.cache.CacheMetrics",
    msg: `Cache '${c.svc.entity}s' hit ratio ${c.rng.float(0.86, 0.97).toFixed(2)}`,
  })),
  tpl("warn", 0.7, (c) => ({
    logger: "com.acme.http.RetryingClient",
    msg: `Retrying call to ${peer(c)} (attempt 2/3) after java.net.SocketTimeoutException: Read timed out`,
  })),
  tpl("error", 0.2, () => ({
    logger: "com.acme.audit.AuditPublisher",
    msg: "Failed to send audit event; will retry: org.apache.kafka.common.errors.TimeoutException: Expiring 1 record(s) for audit-0:120000 ms has passed since batch creation",
  })),
  tpl("debug", 2, (c) => ({
    logger: "org.hibernate.SQL",
    msg: `select ${c.svc.entity}0_.id as id1_0_ from ${c.svc.entity} ${c.svc.entity}0_ where ${c.svc.entity}0_.id=?`,
  })),
  tpl("info", 0.6, () => ({ logger: "com.acme.config.RefreshListener", msg: "Refreshed keys: []" })),
];

const goHttp: LogTemplate[] = [
  tpl("info", 14, (c): LogContent => {
    const r = sampleRequest(c);
    if (c.svc.metrics !== "grpc") {
      return {
        level: httpLevel(r.code),
        logger: "httplog/middleware.go:57",
        msg: "http request",
        fields: {
          method: c.svc.method,
          path: path(c),
          status: Number(r.code),
          duration_ms: Number(r.ms.toFixed(2)),
          bytes: c.rng.int(300, 9000),
        },
      };
    }
    return {
      level: grpcLevel(r.code),
      logger: "grpc_zap/server_interceptors.go:40",
      msg: `finished unary call with code ${r.code}`,
      fields: {
        "grpc.service": c.svc.grpcService ?? c.svc.name,
        "grpc.method": c.svc.grpcMethod ?? "Get",
        "grpc.code": r.code,
        "grpc.time_ms": Number(r.ms.toFixed(3)),
        "peer.address": `10.${c.rng.int(40, 47)}.${c.rng.int(0, 7)}.${c.rng.int(2, 250)}:${c.rng.int(32000, 60000)}`,
      },
    };
  }),
  tpl("warn", 1.4, (c) => ({
    msg: "request canceled by client",
    fields: { method: c.svc.grpcMethod ?? c.svc.method, error: "context canceled" },
  })),
  tpl("warn", 0.6, (c) => ({
    msg: "rate limiter near capacity",
    fields: { bucket: c.svc.name, tokens: c.rng.int(2, 12) },
  })),
];

const goProcess: LogTemplate[] = [
  tpl("info", 2, (c) => ({
    msg: "cache refreshed",
    fields: { entries: c.rng.int(1200, 1400), took_ms: ms(c, 8, 60) },
  })),
  tpl("debug", 3, (c) => ({
    logger: "grpclog/component.go:41",
    msg: "[core] Subchannel Connectivity change to READY",
    fields: { target: `dns:///${peer(c)}:9090` },
  })),
  tpl("debug", 3, (c) => ({ msg: "flushed spans", fields: { count: c.rng.int(40, 300), exporter: "otlp" } })),
  tpl("debug", 3, (c) => ({ msg: "token cache miss, fetching", fields: { audience: peer(c) } })),
  tpl("error", 0.2, () => ({
    msg: "failed to refresh remote config, serving cached copy",
    fields: { error: "context deadline exceeded", age: "2m0s" },
  })),
  tpl("info", 1, (c) => ({
    msg: "memory stats",
    fields: { heap_mb: Math.round(c.svc.memMiB * c.rng.float(0.4, 0.6)), goroutines: c.rng.int(80, 240) },
  })),
  tpl("debug", 2, (c) => ({ msg: "resolved backend", fields: { target: peer(c), addrs: c.rng.int(2, 4) } })),
];

const pythonHttp: LogTemplate[] = [
  tpl("info", 13, (c): LogContent => {
    const r = sampleRequest(c);
    return {
      level: httpLevel(r.code),
      logger: "uvicorn.access",
      msg: `10.${c.rng.int(40, 47)}.${c.rng.int(0, 7)}.${c.rng.int(2, 250)}:${c.rng.int(32000, 60000)} - "${c.svc.method} ${path(c)} HTTP/1.1" ${r.code}`,
    };
  }),
];

const pythonProcess: LogTemplate[] = [
  tpl("info", 3, (c) => ({
    logger: `${c.svc.name.replace(/-/g, "_")}.health`,
    msg: "heartbeat ok",
    fields: { lag_s: c.rng.float(0, 2).toFixed(2) },
  })),
  tpl("warn", 1, (c) => ({
    msg: "retrying after ConnectionResetError",
    fields: { attempt: 1, target: peer(c) },
  })),
  tpl("debug", 3, () => ({
    logger: "schema.cache",
    msg: "schema cache refreshed",
    fields: { subjects: 42 },
  })),
  tpl("warn", 1.2, (c) => ({
    msg: "dropped invalid event",
    fields: { reason: c.rng.pick(["missing_field:event_ts", "bad_utf8", "oversized"]) },
  })),
  tpl("error", 0.2, () => ({
    logger: "statsd",
    msg: "Failed to push metrics to statsd: [Errno 111] Connection refused",
  })),
  tpl("debug", 2, (c) => ({
    msg: "gc collected",
    fields: { generation: c.rng.int(0, 2), objects: c.rng.int(100, 5000) },
  })),
];

const hikariStats = tpl("debug", 4, (c) => ({
  logger: "com.zaxxer.hikari.pool.HikariPool",
  msg: `HikariPool-1 - Pool stats (total=${c.svc.pool?.max ?? 10}, active=${c.rng.int(1, 4)}, idle=${c.rng.int(4, 8)}, waiting=0)`,
}));

/** Lines any process of the runtime writes (`process`) and lines only a request-serving one writes (`http`). */
export const RUNTIME_BANKS: Partial<Record<Runtime, { http: LogTemplate[]; process: LogTemplate[] }>> = {
  node: { http: nodeHttp, process: nodeProcess },
  java: { http: javaHttp, process: javaProcess },
  go: { http: goHttp, process: goProcess },
  python: { http: pythonHttp, process: pythonProcess },
};

export function runtimeBank(runtime: Runtime, serves: boolean, pooled: boolean): LogTemplate[] {
  const bank = RUNTIME_BANKS[runtime];
  if (!bank) return [];
  return [
    ...(serves ? bank.http : []),
    ...bank.process,
    ...(pooled && runtime === "java" ? [hikariStats] : []),
  ];
}

/** What a process prints when it starts, per runtime. */
export function startupLines(runtime: Runtime, c: LogCtx): LogContent[] {
  const v = c.pod.image.split(":").pop() ?? c.svc.version;
  switch (runtime) {
    case "node":
      return [
        { msg: "loaded configuration", fields: { env: "production", version: v } },
        { msg: "connected", fields: { target: c.peers[0] ?? "redis" } },
        { msg: `server listening on 0.0.0.0:${c.svc.port}` },
      ];
    case "java":
      return [
        {
          logger: "com.acme.Application",
          msg: `Starting Application v${v} using Java 21.0.3 with PID 1 (/app/app.jar started by app in /app)`,
        },
        {
          logger: "org.springframework.boot.web.embedded.tomcat.TomcatWebServer",
          msg: `Tomcat initialized with port ${c.svc.port} (http)`,
        },
        { logger: "com.zaxxer.hikari.HikariDataSource", msg: "HikariPool-1 - Start completed." },
        {
          logger: "com.acme.Application",
          msg: `Started Application in ${c.rng.float(9, 19).toFixed(3)} seconds (process running for ${c.rng.float(10, 21).toFixed(3)})`,
        },
      ];
    case "go":
      return [
        { msg: "starting", fields: { version: v, commit: id(c, 7) } },
        { msg: "grpc server listening", fields: { addr: `:${c.svc.port}` } },
      ];
    case "python":
      return [
        { logger: "uvicorn.error", msg: "Started server process [1]" },
        { logger: "uvicorn.error", msg: "Application startup complete." },
        {
          logger: "uvicorn.error",
          msg: `Uvicorn running on http://0.0.0.0:${c.svc.port} (Press CTRL+C to quit)`,
        },
      ];
    default:
      return [];
  }
}
