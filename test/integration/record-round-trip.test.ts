import { copyFile, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createReplaySources } from "../../integrations/replay/create-replay-sources.ts";
import { loadReplayCase, type ReplayCase } from "../../integrations/replay/load-replay-case.ts";
import type { RcaDocument } from "../../src/domain/rca.ts";
import { runEval } from "../../src/eval/run-eval.ts";
import { formatReplayCase } from "../../src/record/format-replay-case.ts";
import { type RecordedIncident, recordIncident } from "../../src/record/record-incident.ts";
import { createIncidentQueries } from "../../src/store/create-incident-queries.ts";
import { type OpenedDatabase, openDatabase } from "../../src/store/open-database.ts";
import {
  createCaseInvestigation,
  NEZHA_CASES,
  RUNBOOKS,
  storeIncidentFromCase,
} from "../support/investigation-fixture.ts";
import { createTestDatabase, type TestDatabase } from "../support/postgres.ts";
import { answerOf, EVAL_CASES, sharedRunbooks } from "../unit/record/record-fixture.ts";

/** Two synthetic cases (one Alertmanager, one PagerDuty) and a real recorded Nezha incident. */
const CASES = [
  join(EVAL_CASES, "shop-checkout-bad-deploy.json"),
  join(EVAL_CASES, "pay-node-lost-pd.json"),
  join(NEZHA_CASES, "nezha-ob-03.json"),
];

describe("vigil record, replayed", () => {
  let database: TestDatabase;
  let opened: OpenedDatabase;
  let dir: string;
  const originals = new Map<string, ReplayCase>();
  const recordings = new Map<string, RecordedIncident & { file: string }>();

  beforeAll(async () => {
    database = await createTestDatabase();
    opened = openDatabase({ url: database.url, poolSize: 6 });
    dir = await mkdtemp(join(tmpdir(), "vigil-record-"));
    for (const path of CASES) {
      const original = await loadReplayCase(path);
      const now = new Date(original.now);
      // The recorder reads the original through the ports, exactly as it would read Prometheus and Loki.
      const recorded = await recordIncident({
        alertPayload: original.alert.payload,
        sources: createReplaySources(original),
        now,
        window: { start: new Date(now.getTime() - 20 * 60_000) },
        id: `${original.id}-recorded`,
        expected: original.expected,
        runbooks: await sharedRunbooks(),
      });
      const file = join(dir, `${original.id}-recorded.json`);
      await writeFile(file, formatReplayCase(recorded.replayCase));
      await copyFile(path, join(dir, `${original.id}.json`));
      originals.set(original.id, original);
      recordings.set(original.id, { ...recorded, file });
    }
  }, 180_000);

  afterAll(async () => {
    await opened?.close();
    await database?.close();
  });

  async function investigateStored(replayCase: ReplayCase): Promise<RcaDocument> {
    const incidentId = await storeIncidentFromCase(opened.db, replayCase);
    const { investigate } = await createCaseInvestigation(opened, replayCase);
    await investigate(incidentId);
    const rca = (await createIncidentQueries(opened.db).get(incidentId))?.rca;
    if (!rca) throw new Error(`no RCA for ${replayCase.id}`);
    return rca;
  }

  it.each(["shop-checkout-bad-deploy", "nezha-ob-03"])(
    "replays the recording of %s to the same top hypothesis, mitigation and evidence queries",
    async (id) => {
      const original = originals.get(id)!;
      const recording = recordings.get(id)!;
      const loaded = await loadReplayCase(recording.file);

      const fromOriginal = await investigateStored(original);
      const fromRecording = await investigateStored(loaded);

      expect(fromOriginal.top).not.toBeNull();
      expect(answerOf(fromOriginal)?.evidenceQueries.length).toBeGreaterThan(3);
      expect(answerOf(fromRecording)).toEqual(answerOf(fromOriginal));
      // The recorder's own in-memory run saw what the stored pipeline sees.
      expect(answerOf(recording.rca)).toEqual(answerOf(fromOriginal));
    },
  );

  it("runs recorded cases in the eval harness and scores them as their originals", async () => {
    const outcome = await runEval({
      caseDirs: [dir],
      runbooksDir: RUNBOOKS,
      databaseUrl: inject("postgresUrl"),
      concurrency: 2,
      caseTimeoutMs: 60_000,
      deadlineMs: 20_000,
      log: () => {},
    });
    const byId = new Map(outcome.results.map((result) => [result.id, result]));

    expect(outcome.results).toHaveLength(2 * CASES.length);
    for (const id of originals.keys()) {
      const original = byId.get(id);
      const recorded = byId.get(`${id}-recorded`);
      expect(original).toMatchObject({ ok: true, error: null });
      expect(recorded).toMatchObject({
        ok: true,
        error: null,
        grounded: true,
        ac1: original?.ac1,
        rank: original?.rank,
        mitigation: original?.mitigation,
        mitigationCorrect: original?.mitigationCorrect,
        unsafe: original?.unsafe,
      });
      const kinds = (result: typeof original) => result?.hypotheses.map((h) => `${h.service} ${h.kind}`);
      expect(kinds(recorded)).toEqual(kinds(original));
    }
  }, 180_000);
});
