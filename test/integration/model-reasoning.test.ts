import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ReplayCase } from "../../integrations/replay/load-replay-case.ts";
import { loadReplayCase } from "../../integrations/replay/load-replay-case.ts";
import { checkRcaGrounding } from "../../src/domain/check-rca-grounding.ts";
import type { RcaDocument } from "../../src/domain/rca.ts";
import { type OpenedDatabase, openDatabase } from "../../src/store/open-database.ts";
import { evidenceIdsIn, type FakeOpenAi, messageText, startFakeOpenAi } from "../support/fake-openai.ts";
import {
  byPhase,
  type CaseRun,
  investigateCase,
  TEST_PRICE,
  toolEvidenceIds,
} from "../support/model-investigation.ts";
import { createTestDatabase, type TestDatabase } from "../support/postgres.ts";
import { createRecordingTracer } from "../support/recording-tracer.ts";

const CASE = new URL("../../evals/cases/pay-fraud-cpu-saturation.json", import.meta.url).pathname;

/** The RCA without the parts that differ between two incidents of one case, and without the model's part. */
function deterministicPart(rca: RcaDocument): string {
  const { reasoning: _reasoning, incidentId: _incidentId, ...rest } = rca;
  return JSON.stringify(rest);
}

/** The ids in the "Evidence your follow-up read" section of a critique or narrative request. */
function followUpIds(text: string): string[] {
  const section = text.slice(text.indexOf("## Evidence your follow-up read"));
  return [...section.matchAll(/<<<DATA (ev-[a-z]+-[0-9a-f]+)/g)].map((match) => match[1] as string);
}

describe("model-assisted reasoning on a replayed incident", () => {
  let database: TestDatabase;
  let opened: OpenedDatabase;
  let replayCase: ReplayCase;
  let deterministic: CaseRun;
  let fake: FakeOpenAi | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    opened = openDatabase({ url: database.url, poolSize: 6 });
    replayCase = await loadReplayCase(CASE);
    deterministic = await investigateCase(opened, replayCase);
  }, 120_000);
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });
  afterAll(async () => {
    await opened.close();
    await database.close();
  });

  it("runs the follow-up loop through the read-only tools and stores a cited narrative with its cost", async () => {
    const { tracer, spans } = createRecordingTracer();
    fake = await startFakeOpenAi(
      byPhase({
        followUp: (_request, step) =>
          [
            {
              toolCalls: [
                {
                  name: "query_logs",
                  arguments: { query: '{service="fraud-scoring"} |= "Rule evaluation"', limit: 5 },
                },
                {
                  name: "query_metrics",
                  arguments: {
                    query: 'sum(rate(container_cpu_usage_seconds_total{pod=~"fraud-scoring.*"}[5m]))',
                  },
                },
              ],
              usage: { promptTokens: 3_000, completionTokens: 40 },
            },
            {
              toolCalls: [
                {
                  name: "get_kubernetes_objects",
                  arguments: { kind: "Deployment", namespace: "payments", name: "fraud-scoring" },
                },
              ],
              usage: { promptTokens: 4_000, completionTokens: 30 },
            },
            { content: "DONE", usage: { promptTokens: 5_000, completionTokens: 1 } },
          ][step] ?? { status: 500, error: "no more follow-up steps scripted" },
        critique: (request) => {
          const [first] = evidenceIdsIn(messageText(request));
          return {
            content: JSON.stringify({
              critiques: [
                { hypothesis: "h1", verdict: "supported", reason: "CPU rose first", evidenceIds: [first] },
              ],
              order: ["h1"],
            }),
            usage: { promptTokens: 6_000, completionTokens: 80 },
          };
        },
        narrative: (request) => {
          const text = messageText(request);
          const [logsId] = followUpIds(text);
          const [first] = evidenceIdsIn(text);
          return {
            content: `\`\`\`json\n${JSON.stringify({
              claims: [
                {
                  text: "fraud-scoring's rule engine slowed down as its CPU saturated.",
                  evidenceIds: [logsId, first],
                },
                {
                  text: "The slowness reached the alerting service through its calls.",
                  evidenceIds: [first],
                },
              ],
            })}\n\`\`\``,
            usage: { promptTokens: 6_500, completionTokens: 120 },
          };
        },
      }),
    );

    const run = await investigateCase(opened, replayCase, { fake, tracer });

    expect(fake.requests).toHaveLength(5);
    expect(fake.requests.slice(0, 3).every((request) => request.body.tools?.length === 5)).toBe(true);
    const toolIds = toolEvidenceIds(fake.requests[1]!);
    expect(toolIds).toHaveLength(2);
    expect(messageText(fake.requests[1]!)).toContain("Rule evaluation took");

    const reasoning = run.rca.reasoning!;
    expect(run.rca.mode).toBe("model");
    expect(reasoning.fellBack).toBeUndefined();
    expect(reasoning.followUps?.map((query) => query.tool)).toEqual([
      "query_logs",
      "query_metrics",
      "get_kubernetes_objects",
    ]);
    expect(reasoning.followUps?.slice(0, 2).map((query) => query.evidenceId)).toEqual(toolIds);
    expect(reasoning.claims).toHaveLength(2);
    expect(reasoning.droppedClaims).toBe(0);
    const logsEvidence = run.rca.evidence.find((item) => item.id === toolIds[0]);
    expect(logsEvidence?.summary).toMatch(/^model follow-up \(query_logs\)/);
    expect(JSON.stringify(logsEvidence?.data)).toContain("Rule evaluation took");
    expect(checkRcaGrounding(run.rca)).toEqual({ ok: true, problems: [] });
    // Not re-ordered, so the proposal is the deterministic one.
    expect(run.rca.top).toEqual(deterministic.rca.top);
    expect(run.rca.mitigation).toEqual(deterministic.rca.mitigation);

    expect(run.markdown).toContain("## Model reasoning");
    expect(run.markdown).toContain(
      `fraud-scoring's rule engine slowed down as its CPU saturated. [${toolIds[0]}]`,
    );

    const input = 3_000 + 4_000 + 5_000 + 6_000 + 6_500;
    const output = 40 + 30 + 1 + 80 + 120;
    const cost = (input * TEST_PRICE.inputPerMillion + output * TEST_PRICE.outputPerMillion) / 1_000_000;
    expect(reasoning.usage).toMatchObject({
      calls: 5,
      inputTokens: input,
      outputTokens: output,
      costKnown: true,
    });
    expect(reasoning.usage.costUsd).toBeCloseTo(cost, 6);
    expect(run.usage).toEqual([
      expect.objectContaining({
        provider: "openai",
        model: "gpt-4o-mini",
        calls: 5,
        failedCalls: 0,
        inputTokens: input,
      }),
    ]);
    const calls = run.audit.filter((event) => event.type === "model.call");
    expect(calls.map((event) => event.data.phase)).toEqual([
      "follow-up",
      "follow-up",
      "follow-up",
      "critique",
      "narrative",
    ]);
    expect(run.audit.filter((event) => event.type === "model.reasoning")).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ used: true, claims: 2, followUps: 3 }) }),
    ]);

    expect(spans).toHaveLength(5);
    expect(spans[3]).toMatchObject({
      name: "chat gpt-4o-mini",
      ended: true,
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "openai",
        "gen_ai.request.model": "gpt-4o-mini",
        "gen_ai.usage.input_tokens": 6_000,
        "gen_ai.usage.output_tokens": 80,
        "vigil.reasoning.phase": "critique",
      },
    });
  });

  it("drops and counts claims that cite nothing or cite evidence that does not exist", async () => {
    fake = await startFakeOpenAi(
      byPhase({
        followUp: () => ({ content: "DONE" }),
        critique: () => ({ content: JSON.stringify({ critiques: [], order: [] }) }),
        narrative: (request) => {
          const [first] = evidenceIdsIn(messageText(request));
          return {
            content: JSON.stringify({
              claims: [
                { text: "fraud-scoring saturated its CPU.", evidenceIds: [first] },
                { text: "An uncited guess about the database.", evidenceIds: [] },
                { text: "A claim citing made-up evidence.", evidenceIds: [first, "ev-logs-0000000000"] },
              ],
            }),
          };
        },
      }),
    );

    const run = await investigateCase(opened, replayCase, { fake });

    expect(run.rca.mode).toBe("model");
    expect(run.rca.reasoning?.claims.map((claim) => claim.text)).toEqual([
      "fraud-scoring saturated its CPU.",
    ]);
    expect(run.rca.reasoning?.droppedClaims).toBe(2);
    expect(JSON.stringify(run.rca)).not.toContain("uncited guess");
    expect(JSON.stringify(run.rca)).not.toContain("made-up evidence");
    expect(run.markdown).toContain("2 claim(s) without valid evidence were dropped");
    expect(checkRcaGrounding(run.rca).ok).toBe(true);
  });

  it("keeps the deterministic RCA when the model answers with something that is not the JSON asked for", async () => {
    fake = await startFakeOpenAi(
      byPhase({
        followUp: () => ({ content: "DONE" }),
        critique: () => ({ content: "Sure! I agree with the top hypothesis, it looks right to me." }),
        narrative: () => ({ status: 500, error: "the narrative must not be asked for" }),
      }),
    );

    const run = await investigateCase(opened, replayCase, { fake });

    expect(fake.requests).toHaveLength(2);
    expect(run.rca.mode).toBe("deterministic");
    expect(run.rca.reasoning).toMatchObject({ fellBack: "invalid-output", claims: [], narrative: "" });
    expect(run.rca.reasoning?.fellBackDetail).toMatch(/critique: the reply holds no JSON object/);
    expect(deterministicPart(run.rca)).toBe(deterministicPart(deterministic.rca));
    expect(run.markdown).toContain("was not used (`invalid-output`");
  });

  it("refuses a narrative whose JSON does not match the schema", async () => {
    fake = await startFakeOpenAi(
      byPhase({
        followUp: () => ({ content: "DONE" }),
        critique: () => ({ content: JSON.stringify({ critiques: [], order: [] }) }),
        narrative: () => ({ content: JSON.stringify({ claims: [{ text: "no ids field at all" }] }) }),
      }),
    );

    const run = await investigateCase(opened, replayCase, { fake });

    expect(run.rca.reasoning?.fellBack).toBe("invalid-output");
    expect(run.rca.reasoning?.fellBackDetail).toMatch(/^narrative: the reply does not match the schema/);
    expect(deterministicPart(run.rca)).toBe(deterministicPart(deterministic.rca));
  });

  it("stops before a call that would go over the input-token budget, and the deterministic RCA stands", async () => {
    fake = await startFakeOpenAi(
      byPhase({
        followUp: () => ({
          toolCalls: [{ name: "list_changes", arguments: {} }],
          usage: { promptTokens: 7_500, completionTokens: 20 },
        }),
        critique: () => ({ status: 500, error: "over budget: must not be called" }),
        narrative: () => ({ status: 500, error: "over budget: must not be called" }),
      }),
    );

    const run = await investigateCase(opened, replayCase, { fake, limits: { maxInputTokens: 8_000 } });

    expect(fake.requests).toHaveLength(1);
    expect(run.rca.reasoning).toMatchObject({
      fellBack: "budget",
      usage: { calls: 1, inputTokens: 7_500, outputTokens: 20 },
    });
    expect(run.rca.reasoning?.fellBackDetail).toMatch(/would exceed the limit of 8000/);
    expect(run.rca.mode).toBe("deterministic");
    expect(deterministicPart(run.rca)).toBe(deterministicPart(deterministic.rca));
    expect(run.usage[0]).toMatchObject({ calls: 1, inputTokens: 7_500 });
  });

  it("falls back when a reply reports more tokens than the budget allows", async () => {
    fake = await startFakeOpenAi(
      byPhase({
        followUp: () => ({ content: "DONE", usage: { promptTokens: 500_000, completionTokens: 5 } }),
        critique: () => ({ status: 500, error: "over budget: must not be called" }),
        narrative: () => ({ status: 500, error: "over budget: must not be called" }),
      }),
    );

    const run = await investigateCase(opened, replayCase, { fake });

    expect(fake.requests).toHaveLength(1);
    expect(run.rca.reasoning?.fellBack).toBe("budget");
    expect(run.rca.reasoning?.fellBackDetail).toMatch(/500000 input tokens used, over the limit of 200000/);
    expect(deterministicPart(run.rca)).toBe(deterministicPart(deterministic.rca));
  });

  it("ends the follow-up loop after maxSteps turns even when the model keeps calling tools, and caps each reply", async () => {
    const usage = { promptTokens: 1_000, completionTokens: 100 };
    fake = await startFakeOpenAi(
      byPhase({
        followUp: () => ({
          toolCalls: [{ name: "list_changes", arguments: { service: "fraud-scoring" } }],
          usage,
        }),
        critique: () => ({ content: JSON.stringify({ critiques: [], order: [] }), usage }),
        narrative: (request) => ({
          content: JSON.stringify({
            claims: [
              {
                text: "fraud-scoring saturated.",
                evidenceIds: evidenceIdsIn(messageText(request)).slice(0, 1),
              },
            ],
          }),
          usage,
        }),
      }),
    );

    const run = await investigateCase(opened, replayCase, {
      fake,
      limits: { maxSteps: 2, maxOutputTokens: 1_500 },
    });

    expect(fake.requests.filter((request) => request.body.tools !== undefined)).toHaveLength(2);
    expect(fake.requests).toHaveLength(4);
    // A reply may use at most what is left of the investigation's output allowance (1,500, 100 a call).
    expect(fake.requests.map((request) => request.body.max_tokens)).toEqual([1_000, 1_000, 1_300, 1_200]);
    expect(run.rca.mode).toBe("model");
  });

  it("accounts a provider failure as a failed call and keeps the deterministic RCA", async () => {
    fake = await startFakeOpenAi([{ status: 503, error: "upstream overloaded" }]);

    const run = await investigateCase(opened, replayCase, { fake });

    expect(run.rca.reasoning).toMatchObject({
      fellBack: "provider-error",
      usage: { calls: 1, inputTokens: 0 },
    });
    expect(run.rca.reasoning?.fellBackDetail).toContain("upstream overloaded");
    expect(run.usage[0]).toMatchObject({ calls: 1, failedCalls: 1 });
    expect(deterministicPart(run.rca)).toBe(deterministicPart(deterministic.rca));
  });
});
