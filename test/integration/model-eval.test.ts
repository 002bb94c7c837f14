import { copyFile, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createChatModel } from "../../integrations/models/create-chat-model.ts";
import { formatComparison } from "../../src/eval/format-comparison.ts";
import { type EvalOptions, type EvalOutcome, runEval } from "../../src/eval/run-eval.ts";
import { evidenceIdsIn, type FakeOpenAi, messageText, startFakeOpenAi } from "../support/fake-openai.ts";
import { RUNBOOKS } from "../support/investigation-fixture.ts";
import { byPhase, TEST_LIMITS, TEST_PRICE } from "../support/model-investigation.ts";

const CASES = new URL("../../evals/cases/", import.meta.url).pathname;

describe("vigil eval --model", () => {
  let fake: FakeOpenAi;
  let dir: string;
  let deterministic: EvalOutcome;
  let withModel: EvalOutcome;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "vigil-model-eval-"));
    for (const id of ["pay-fraud-cpu-saturation", "shop-checkout-bad-deploy"]) {
      await copyFile(join(CASES, `${id}.json`), join(dir, `${id}.json`));
    }
    fake = await startFakeOpenAi(
      byPhase({
        followUp: () => ({ content: "DONE", usage: { promptTokens: 2_000, completionTokens: 1 } }),
        critique: () => ({
          content: JSON.stringify({ critiques: [], order: [] }),
          usage: { promptTokens: 2_500, completionTokens: 10 },
        }),
        narrative: (request) => ({
          content: JSON.stringify({
            claims: [
              {
                text: "The top hypothesis holds.",
                evidenceIds: evidenceIdsIn(messageText(request)).slice(0, 1),
              },
            ],
          }),
          usage: { promptTokens: 2_600, completionTokens: 20 },
        }),
      }),
    );
    const options: EvalOptions = {
      caseDirs: [dir],
      runbooksDir: RUNBOOKS,
      databaseUrl: inject("postgresUrl"),
      // One case at a time: the shared test machine is busy, and Postgres connections time out at 3 s.
      concurrency: 1,
      caseTimeoutMs: 60_000,
      deadlineMs: 20_000,
      log: () => {},
    };
    deterministic = await runEval(options);
    const model = createChatModel({
      provider: "openai",
      model: "gpt-4o-mini",
      baseUrl: fake.baseUrl,
      apiKey: null,
      limits: TEST_LIMITS,
      temperature: 0,
      price: TEST_PRICE,
    });
    withModel = await runEval({
      ...options,
      jsonFile: join(dir, "results.json"),
      model: { model, limits: TEST_LIMITS },
      baseline: deterministic.totals,
    });
  }, 240_000);
  afterAll(async () => {
    await fake?.close();
  });

  it("runs every case with the model and reports its calls, tokens and cost beside the deterministic figures", () => {
    expect(fake.requests).toHaveLength(6);
    expect(withModel.results.map((result) => [result.id, result.modelCalls, result.tokens])).toEqual(
      expect.arrayContaining([
        ["pay-fraud-cpu-saturation", 3, 7_131],
        ["shop-checkout-bad-deploy", 3, 7_131],
      ]),
    );
    const perCase = (2_000 * 0.15 + 2_500 * 0.15 + 2_600 * 0.15 + 31 * 0.6) / 1_000_000;
    expect(withModel.totals).toMatchObject({ modelCalls: 6, tokens: 14_262, modelFallbacks: 0 });
    // Each call is rounded to a millionth of a dollar.
    expect(withModel.totals.costUsd).toBeCloseTo(2 * perCase, 5);
    expect(deterministic.totals).toMatchObject({ modelCalls: 0, tokens: 0, costUsd: 0 });
    // The model agreed with the ranking, so every case ranks as it does without a model.
    expect(withModel.results.map((result) => [result.id, result.hypotheses])).toEqual(
      deterministic.results.map((result) => [result.id, result.hypotheses]),
    );
    expect(withModel.totals.grounded).toBe(1);

    const table = formatComparison(deterministic.totals, withModel.totals, "openai/gpt-4o-mini");
    expect(table).toMatch(/^deterministic\s+2\s+/m);
    expect(table).toMatch(/^model openai\/gpt-4o-mini\s+2\s+.*\s6\s+14262\s+\$0\.0022$/m);
  });

  it("writes the model run's results file with its usage and the deterministic baseline", async () => {
    const written = JSON.parse(await readFile(join(dir, "results.json"), "utf8"));
    expect(written).toMatchObject({
      apiVersion: "replay-results/v1",
      mode: "model",
      model: { provider: "openai", model: "gpt-4o-mini" },
      totals: { modelCalls: 6, tokens: 14_262 },
      baseline: { mode: "deterministic", totals: { cases: 2, modelCalls: 0 } },
    });
    expect(written.cases[0]).toMatchObject({ modelCalls: 3, modelFellBack: null });
    expect(written.cases[0].costUsd).toBeGreaterThan(0);
  });
});
