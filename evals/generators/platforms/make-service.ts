import type { LogFormat, ServiceDef } from "../lib/model.ts";

type Required = Pick<ServiceDef, "name" | "runtime" | "role" | "entity" | "rps" | "latencyMs">;

const FORMAT: Record<string, LogFormat> = {
  node: "pino",
  java: "logback",
  go: "zap",
  python: "python",
  postgres: "postgres",
  redis: "redis",
  kafka: "kafka",
  clickhouse: "clickhouse",
  coredns: "coredns",
  pgbouncer: "pgbouncer",
  envoy: "envoy",
  none: "logfmt",
};

/** A service with the defaults its runtime implies; platforms override what differs. */
export function makeService(def: Required & Partial<ServiceDef>): ServiceDef {
  const infra = ["postgres", "redis", "kafka", "clickhouse", "coredns", "pgbouncer"].includes(def.runtime);
  const metrics =
    def.metrics ??
    (def.runtime === "java"
      ? "spring"
      : def.runtime === "go"
        ? "grpc"
        : def.runtime === "python"
          ? "starlette"
          : infra
            ? "none"
            : "http");
  return {
    workload:
      infra && def.runtime !== "coredns" && def.runtime !== "pgbouncer" ? "StatefulSet" : "Deployment",
    replicas: 2,
    metrics,
    logFormat: FORMAT[def.runtime] ?? "logfmt",
    image: def.name,
    version: "1.0.0",
    previousVersion: "0.9.9",
    sigma: 0.55,
    baseCodes:
      metrics === "grpc" ? { NotFound: 0.005 } : metrics === "worker" ? { error: 0.0004 } : { "500": 0.0006 },
    okCode: metrics === "grpc" ? "OK" : metrics === "worker" ? "ok" : "200",
    timeoutSec: 5,
    cpu: 0.2,
    cpuRequest: 0.25,
    memMiB: 256,
    memLimitMiB: 512,
    logsPerMin: 0.7,
    port:
      def.runtime === "java" ? 8080 : def.runtime === "go" ? 9090 : def.runtime === "python" ? 8000 : 8080,
    route: "/",
    method: "GET",
    noise: 0.06,
    ...def,
  };
}

/** The cluster's CoreDNS, the same in every platform but for how busy it is. */
export function makeCoreDns(
  load: Pick<ServiceDef, "rps" | "logsPerMin"> & Partial<Pick<ServiceDef, "cpu">>,
): ServiceDef {
  return makeService({
    name: "coredns",
    namespace: "kube-system",
    runtime: "coredns",
    role: "coredns",
    entity: "query",
    latencyMs: 1,
    cpu: 0.05,
    cpuLimit: 0.5,
    cpuRequest: 0.1,
    memMiB: 40,
    memLimitMiB: 170,
    exporters: ["coredns"],
    image: "coredns",
    version: "v1.11.1",
    previousVersion: "v1.10.1",
    port: 53,
    ...load,
  });
}
