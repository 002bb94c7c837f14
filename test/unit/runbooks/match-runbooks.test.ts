import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { Runbook } from "../../../src/agent/runbooks/index.ts";
import { loadRunbooks, matchRunbooks } from "../../../src/agent/runbooks/index.ts";

function runbook(id: string, fields: Partial<Omit<Runbook, "id">>): Runbook {
  return { id, title: id, file: `${id}.md`, matches: [], kinds: [], mitigations: [], body: "# x", ...fields };
}

const errors = runbook("errors", {
  matches: [{ alertname: "error.?rate" }, { text: "error rate" }],
  kinds: ["bad-deploy", "dependency-failure"],
});
const oom = runbook("oom", {
  matches: [{ labels: { reason: "^OOMKilled$" } }],
  kinds: ["oom-kill", "memory-leak"],
});
const waiting = runbook("waiting", {
  matches: [{ alertname: "^KubeContainerWaiting$", labels: { reason: "CrashLoopBackOff" } }],
  kinds: ["crash-loop"],
});
const disk = runbook("disk", { matches: [{ text: "no space left" }], kinds: ["disk-full"] });
const deploys = runbook("deploys", { matches: [{ alertname: "Rollout" }], kinds: ["bad-deploy"] });
const ALL = [errors, oom, waiting, disk, deploys];

describe("matchRunbooks", () => {
  it("matches the alert name as a case-insensitive regular expression", () => {
    expect(matchRunbooks(ALL, { alertName: "CheckoutHighErrorRate" })).toEqual([errors]);
    expect(matchRunbooks(ALL, { alertName: "checkout_error_rate" })).toEqual([errors]);
  });

  it("matches labels, and a label the alert lacks does not match", () => {
    expect(matchRunbooks(ALL, { alertName: "PodRestarts", labels: { reason: "OOMKilled" } })).toEqual([oom]);
    expect(matchRunbooks(ALL, { alertName: "PodRestarts", labels: { reason: "OOMKilledX" } })).toEqual([]);
    expect(matchRunbooks(ALL, { alertName: "PodRestarts", labels: {} })).toEqual([]);
  });

  it("needs every field of one entry to match", () => {
    expect(
      matchRunbooks(ALL, { alertName: "KubeContainerWaiting", labels: { reason: "CrashLoopBackOff" } }),
    ).toEqual([waiting]);
    expect(
      matchRunbooks(ALL, { alertName: "KubeContainerWaiting", labels: { reason: "ImagePullBackOff" } }),
    ).toEqual([]);
  });

  it("matches a PagerDuty alert by its title alone", () => {
    expect(matchRunbooks(ALL, { text: "[prod] orders-db: No space left on device" })).toEqual([disk]);
  });

  it("falls back to the alertname label when no name is given", () => {
    expect(matchRunbooks(ALL, { labels: { alertname: "DeploymentRolloutStuck" } })).toEqual([deploys]);
  });

  it("adds runbooks that only match a suspected kind, after the alert's own", () => {
    const found = matchRunbooks(ALL, { alertName: "CheckoutErrorRate", kinds: ["oom-kill"] });
    expect(found).toEqual([errors, oom]);
  });

  it("ranks, among alert matches, the runbook about the most believed kind first", () => {
    const both = [deploys, errors].map((r) => ({ ...r, matches: [{ text: "checkout" }] }));
    const found = matchRunbooks(both, {
      text: "checkout is failing",
      kinds: ["dependency-failure", "bad-deploy"],
    });
    expect(found.map((r) => r.id)).toEqual(["errors", "deploys"]);
  });

  it("prefers a runbook that lists the kind first over one that mentions it later", () => {
    const mostly = runbook("b-mostly-crash", { kinds: ["crash-loop", "bad-deploy"] });
    const partly = runbook("a-partly-crash", { kinds: ["bad-deploy", "crash-loop"] });
    expect(matchRunbooks([partly, mostly], { kinds: ["crash-loop"] }).map((r) => r.id)).toEqual([
      "b-mostly-crash",
      "a-partly-crash",
    ]);
  });

  it("prefers a name match over a title match when nothing else separates them", () => {
    const byName = runbook("z-by-name", { matches: [{ alertname: "Latency" }] });
    const byText = runbook("a-by-text", { matches: [{ text: "latency" }] });
    const found = matchRunbooks([byText, byName], { alertName: "LatencyHigh", text: "p99 latency high" });
    expect(found.map((r) => r.id)).toEqual(["z-by-name", "a-by-text"]);
  });

  it("finds nothing when neither the alert nor a kind fits, and leaves its input alone", () => {
    const input = [...ALL];
    expect(
      matchRunbooks(input, { alertName: "Watchdog", text: "always firing", kinds: ["dns-failure"] }),
    ).toEqual([]);
    expect(input).toEqual(ALL);
  });
});

describe("matchRunbooks on the shipped runbooks", () => {
  let shipped: Runbook[];
  beforeAll(async () => {
    shipped = await loadRunbooks(fileURLToPath(new URL("../../../runbooks", import.meta.url)));
  });

  const cases: Array<{
    alertName?: string;
    text?: string;
    labels?: Record<string, string>;
    expected: string;
  }> = [
    { alertName: "HighErrorRate", expected: "high-error-rate" },
    { alertName: "FrontendSuccessRateLow", text: "success rate below 95%", expected: "high-error-rate" },
    { alertName: "CheckoutLatencyHigh", text: "p90 latency above 2s", expected: "high-latency" },
    { alertName: "KubePodCrashLooping", expected: "crash-loop" },
    { alertName: "KubeContainerWaiting", labels: { reason: "CrashLoopBackOff" }, expected: "crash-loop" },
    {
      alertName: "KubeContainerWaiting",
      labels: { reason: "ImagePullBackOff" },
      expected: "image-pull-backoff",
    },
    { alertName: "ContainerOOMKilled", expected: "oom-kill-memory-leak" },
    { alertName: "NodeFilesystemAlmostOutOfSpace", expected: "disk-full" },
    { alertName: "KubePersistentVolumeFillingUp", expected: "disk-full" },
    { alertName: "CertManagerCertExpirySoon", expected: "certificate-expiry" },
    { alertName: "HikariCPPendingConnections", expected: "database-connection-pool-exhaustion" },
    { alertName: "KafkaConsumerGroupLagHigh", expected: "kafka-consumer-lag" },
    { alertName: "KubeNodeNotReady", expected: "node-not-ready" },
    { alertName: "KubeDeploymentRolloutStuck", expected: "bad-deploy-rollback" },
    { alertName: "CPUThrottlingHigh", expected: "cpu-saturation-throttling" },
    { alertName: "CoreDNSErrorsHigh", expected: "dns-failures" },
    {
      text: "[FIRING:1] payments: FATAL: sorry, too many clients already",
      expected: "database-connection-pool-exhaustion",
    },
    { text: "orders-consumer: consumer lag growing on topic orders", expected: "kafka-consumer-lag" },
    { text: "api.example.com: x509: certificate has expired", expected: "certificate-expiry" },
    { text: "checkout: dial tcp: lookup payments on 10.0.0.10:53: no such host", expected: "dns-failures" },
  ];
  it.each(cases)("picks $expected first for $alertName $text", ({ expected, ...query }) => {
    expect(matchRunbooks(shipped, query)[0]?.id).toBe(expected);
  });
});
