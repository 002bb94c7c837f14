import type { Platform, ServiceDef } from "./model.ts";
import type { Rng } from "./rng.ts";

export interface ChangeOut {
  id: string;
  kind: "deploy" | "config" | "feature-flag" | "migration" | "infra" | "scale";
  service: string;
  namespace?: string;
  at: string;
  from?: string;
  to?: string;
  author?: string;
  summary?: string;
  origin?: string;
}

export function changeId(rng: Rng, origin: string): string {
  switch (origin) {
    case "github":
      return `gh-deploy-${rng.int(1_000_000, 9_999_999)}`;
    case "argocd":
      return `argocd-${rng.hex(8)}`;
    case "terraform":
      return `tf-run-${rng.chars(16, "abcdefghijklmnopqrstuvwxyz0123456789")}`;
    case "kubernetes":
      return `k8s-${rng.hex(10)}`;
    case "flyway":
    case "alembic":
      return `${origin}-${rng.hex(8)}`;
    default:
      return `${origin}-${rng.hex(8)}`;
  }
}

/** Bumps a semver-ish version: mostly patch and minor. */
export function nextVersion(version: string, rng: Rng, bump?: "patch" | "minor"): string {
  const m = /^(\D*)(\d+)\.(\d+)\.(\d+)(.*)$/.exec(version);
  if (!m) return `${version}-1`;
  const [, pre, major, minor, patch] = m;
  const kind = bump ?? (rng.chance(0.6) ? "patch" : "minor");
  return kind === "patch"
    ? `${pre}${major}.${minor}.${Number(patch) + 1}`
    : `${pre}${major}.${Number(minor) + 1}.0`;
}

const INNOCENT_COMMITS = [
  (s: ServiceDef) => `feat(${s.name}): add pagination to ${s.entity} list endpoint`,
  (s: ServiceDef) => `fix(${s.name}): handle empty ${s.entity} payload on refresh`,
  (s: ServiceDef) => `refactor(${s.name}): extract ${s.entity} mapper into its own module`,
  (s: ServiceDef) => `perf(${s.name}): reuse http agent for outbound calls`,
  (s: ServiceDef) => `chore(${s.name}): bump logging library`,
  (s: ServiceDef) => `feat(${s.name}): emit ${s.entity}.viewed analytics event`,
  (s: ServiceDef) => `fix(${s.name}): return 400 instead of 500 on a malformed ${s.entity} id`,
  (_: ServiceDef) => "chore: update translations (de, fr, es)",
  (_: ServiceDef) => "build: update base image to distroless/static:nonroot",
  (s: ServiceDef) => `test(${s.name}): stabilise flaky ${s.entity} integration test`,
  (s: ServiceDef) => `feat(${s.name}): expose build info on /version`,
  (s: ServiceDef) => `fix(${s.name}): log request id on validation errors`,
  (_: ServiceDef) => "chore(deps): update dependency opentelemetry to v1.25",
];

const DEPENDENCIES: Partial<Record<ServiceDef["runtime"], string[]>> = {
  node: ["axios", "express", "lodash", "pino"],
  java: ["jackson-databind", "spring-boot", "micrometer-registry-prometheus"],
  go: ["google.golang.org/grpc", "golang.org/x/net", "go.uber.org/zap"],
  python: ["pydantic", "uvicorn", "confluent-kafka"],
};

export function innocentDeploySummary(rng: Rng, svc: ServiceDef, version: string, origin: string): string {
  const pr = rng.int(1200, 4800);
  const commit = `${rng.pick(INNOCENT_COMMITS)(svc)} (#${pr})`;
  if (origin === "argocd") return `Sync ${svc.name} to ${version} (${rng.hex(7)}): ${commit}`;
  if (rng.chance(0.2))
    return `chore(deps): bump ${rng.pick(DEPENDENCIES[svc.runtime] ?? ["base image"])} in /services/${svc.name} (#${pr})`;
  return commit;
}

export const INNOCENT_CONFIG: Array<{ key: string; from: string; to: string; summary: string }> = [
  {
    key: "LOG_LEVEL",
    from: "info",
    to: "debug",
    summary: "temporarily raise log level to debug for support ticket",
  },
  { key: "OTEL_TRACES_SAMPLER_ARG", from: "0.05", to: "0.1", summary: "raise trace sampling to 10%" },
  { key: "CACHE_TTL_SECONDS", from: "60", to: "120", summary: "double cache TTL" },
  {
    key: "HTTP_CLIENT_KEEPALIVE",
    from: "false",
    to: "true",
    summary: "enable keep-alive on outbound client",
  },
  {
    key: "METRICS_HISTOGRAM_BUCKETS",
    from: "default",
    to: "slo",
    summary: "switch histogram buckets to SLO set",
  },
  {
    key: "CORS_ALLOWED_ORIGINS",
    from: "https://www.example.shop",
    to: "https://www.example.shop,https://m.example.shop",
    summary: "allow mobile web origin",
  },
  { key: "SHUTDOWN_GRACE_SECONDS", from: "10", to: "20", summary: "longer graceful shutdown" },
];

export const INNOCENT_FLAGS = [
  "new-onboarding-tour",
  "promo-banner-q3",
  "dark-mode-web",
  "search-typo-tolerance",
  "recs-carousel-v2",
  "account-passkeys",
  "receipts-pdf-v2",
];

export const INNOCENT_INFRA = [
  { service: "node-pool-general", summary: "Increase node group max size from 8 to 10" },
  { service: "backups", summary: "Extend snapshot retention to 14 days" },
  { service: "shared-vpc", summary: "Add VPC flow logs to the logging bucket" },
  { service: "object-storage", summary: "Add lifecycle rule: expire tmp/ after 7 days" },
  { service: "monitoring", summary: "Bump kube-prometheus-stack chart to 58.2.1" },
];

export function author(rng: Rng, platform: Platform, bot = 0.2): string {
  return rng.chance(bot) ? rng.pick(platform.bots) : rng.pick(platform.people);
}
