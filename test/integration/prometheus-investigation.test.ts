import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrometheusSource } from "../../integrations/prometheus/create-prometheus-source.ts";
import { createServiceLabelMapping } from "../../integrations/prometheus/service-label-mapping.ts";
import { createReplaySources } from "../../integrations/replay/create-replay-sources.ts";
import { loadReplayCase, type ReplayCase } from "../../integrations/replay/load-replay-case.ts";
import { parseRfc3339 } from "../../integrations/replay/parse-rfc3339.ts";
import { createInvestigation } from "../../src/agent/create-investigation.ts";
import { loadRunbooks } from "../../src/agent/runbooks/load-runbooks.ts";
import type { RcaDocument } from "../../src/domain/rca.ts";
import { DEFAULT_MITIGATION_POLICY } from "../../src/mitigation/mitigation-policy.ts";
import { fixedClock } from "../../src/ports/clock.ts";
import type { DataSources } from "../../src/ports/data-sources.ts";
import type { MetricsSource } from "../../src/ports/metrics-source.ts";
import { createCheckpointer } from "../../src/store/create-checkpointer.ts";
import { createIncidentQueries } from "../../src/store/create-incident-queries.ts";
import { createInvestigationRepository } from "../../src/store/create-investigation-repository.ts";
import { type OpenedDatabase, openDatabase } from "../../src/store/open-database.ts";
import { NEZHA_CASES, RUNBOOKS, storeIncidentFromCase } from "../support/investigation-fixture.ts";
import { createTestDatabase, type TestDatabase } from "../support/postgres.ts";
import { type RecordedSeries, startPrometheus } from "../support/start-prometheus.ts";

const CASES = new URL("../../evals/cases/", import.meta.url).pathname;

/**
 * The replay case's recording as the live pipeline would read it: logs, changes, cluster and
 * topology from the recording, metrics from a real Prometheus holding the recorded series, read
 * through the adapter and the service label mapping exactly as `vigil serve` builds them.
 */
describe("an investigation on a real Prometheus", () => {
  let database: TestDatabase;
  let opened: OpenedDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    opened = openDatabase({ url: database.url, poolSize: 6 });
  });
  afterAll(async () => {
    await opened.close();
    await database.close();
  });

  async function investigate(replayCase: ReplayCase, metrics?: MetricsSource): Promise<RcaDocument> {
    const clock = fixedClock(new Date(replayCase.now));
    const replay = createReplaySources(replayCase);
    const sources: DataSources = metrics ? { ...replay, metrics } : replay;
    const { investigate: run } = createInvestigation({
      repository: createInvestigationRepository(opened.db),
      checkpointer: await createCheckpointer(opened.pool),
      contextFor: () => ({ sources, clock }),
      runbooks: await loadRunbooks(RUNBOOKS),
      policy: DEFAULT_MITIGATION_POLICY,
      clock,
      deadlineMs: 30_000,
    });
    const incidentId = await storeIncidentFromCase(opened.db, replayCase);
    expect(await run(incidentId)).toBe("finished");
    return (await createIncidentQueries(opened.db).get(incidentId))?.rca as RcaDocument;
  }

  /** Runs the case on replay and on Prometheus (holding `series`), and returns both RCAs and what was asked. */
  async function both(replayCase: ReplayCase, series: readonly RecordedSeries[]) {
    const pure = await investigate(replayCase);
    const prometheus = await startPrometheus({ series });
    try {
      const ends: number[] = [];
      const inner = createServiceLabelMapping({ source: createPrometheusSource({ url: prometheus.url }) });
      const recording: MetricsSource = {
        queryRange: (query, range, signal) => {
          ends.push(range.end);
          return inner.queryRange(query, range, signal);
        },
        series: (matchers, range, signal) => {
          ends.push(range.end);
          return inner.series(matchers, range, signal);
        },
      };
      const real = await investigate(replayCase, recording);
      return { pure, real, ends };
    } finally {
      await prometheus.stop();
    }
  }

  const ranked = (rca: RcaDocument) =>
    [rca.top, ...rca.alternatives]
      .slice(0, 3)
      .map((hypothesis) => `${hypothesis?.service} ${hypothesis?.kind}`);

  for (const file of [`${CASES}pay-fraud-cpu-saturation.json`, `${NEZHA_CASES}nezha-ob-02.json`]) {
    it(`reaches the replay's root cause for ${file.split("/").at(-1)}, never asking past the case's now`, async () => {
      const replayCase = await loadReplayCase(file);
      const { pure, real, ends } = await both(replayCase, replayCase.sources.metrics ?? []);

      expect(pure.top).not.toBeNull();
      expect({ service: real.top?.service, kind: real.top?.kind }).toEqual({
        service: pure.top?.service,
        kind: pure.top?.kind,
      });
      expect(ranked(real)).toEqual(ranked(pure));
      expect(real.gaps.filter((gap) => gap.source === "metrics")).toEqual([]);
      expect(ends.length).toBeGreaterThan(0);
      expect(Math.max(...ends)).toBeLessThanOrEqual(parseRfc3339(replayCase.now));
    });
  }

  it("reaches the same root cause when the cluster labels its series the way kube-prometheus-stack does", async () => {
    const replayCase = await loadReplayCase(`${CASES}shop-cart-memory-leak.json`);
    const relabelled = (replayCase.sources.metrics ?? []).map(asScrapedByKubePrometheusStack);
    expect(relabelled.filter((series) => series.metric.service === "cart")).toEqual([]);

    const { pure, real } = await both(replayCase, relabelled);

    expect(pure.top).toMatchObject({ service: "cart", kind: "memory-leak" });
    expect({ service: real.top?.service, kind: real.top?.kind }).toEqual({
      service: "cart",
      kind: "memory-leak",
    });
    expect(ranked(real)).toEqual(ranked(pure));
  });
});

const KSM_POD = "kube-prometheus-stack-kube-state-metrics-6d9f8b7c4-x7k2p";

/**
 * A recorded series as a kube-prometheus-stack install would have scraped it: cAdvisor and
 * kube-state-metrics series carry their exporter's Service (and kube-state-metrics its own pod and
 * container where the subject has none), node-exporter its pod, and applications are scraped by a
 * PodMonitor, so they have a `namespace/name` job and no `service` label.
 */
function asScrapedByKubePrometheusStack({ metric, values }: RecordedSeries): RecordedSeries {
  const labels = { ...metric };
  if (labels.job === "kubelet") {
    Object.assign(labels, {
      service: "kube-prometheus-stack-kubelet",
      metrics_path: "/metrics/cadvisor",
      endpoint: "https-metrics",
    });
  } else if (labels.job === "kube-state-metrics") {
    Object.assign(labels, { service: "kube-prometheus-stack-kube-state-metrics", endpoint: "http" });
    if (!labels.pod) Object.assign(labels, { pod: KSM_POD, container: "kube-state-metrics" });
  } else if (labels.job === "node-exporter") {
    Object.assign(labels, {
      service: "kube-prometheus-stack-prometheus-node-exporter",
      pod: "kube-prometheus-stack-prometheus-node-exporter-x7k2p",
      container: "node-exporter",
    });
  } else if (labels.service && labels.job === labels.service && labels.namespace) {
    labels.job = `${labels.namespace}/${labels.job}`;
    delete labels.service;
  }
  return { metric: labels, values };
}
