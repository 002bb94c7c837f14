import type { Tracer } from "@opentelemetry/api";
import { createChatModel } from "../../integrations/models/create-chat-model.ts";
import { createReplaySources } from "../../integrations/replay/create-replay-sources.ts";
import type { ReplayCase } from "../../integrations/replay/load-replay-case.ts";
import { createInvestigation } from "../../src/agent/create-investigation.ts";
import {
  createModelReasoner,
  type ReasoningLimits,
} from "../../src/agent/reasoning/create-model-reasoner.ts";
import { renderRcaMarkdown } from "../../src/agent/render-rca-markdown.ts";
import { loadRunbooks } from "../../src/agent/runbooks/load-runbooks.ts";
import type { RcaDocument } from "../../src/domain/rca.ts";
import { DEFAULT_MITIGATION_POLICY } from "../../src/mitigation/mitigation-policy.ts";
import { fixedClock } from "../../src/ports/clock.ts";
import { createCheckpointer } from "../../src/store/create-checkpointer.ts";
import { createIncidentQueries } from "../../src/store/create-incident-queries.ts";
import { createInvestigationRepository } from "../../src/store/create-investigation-repository.ts";
import type { OpenedDatabase } from "../../src/store/open-database.ts";
import {
  createModelUsageRecorder,
  type IncidentModelUsage,
  modelUsageOf,
} from "../../src/store/record-model-usage.ts";
import type { FakeOpenAi, FakeReply, RecordedRequest } from "./fake-openai.ts";
import { RUNBOOKS, storeIncidentFromCase } from "./investigation-fixture.ts";

export const TEST_LIMITS: ReasoningLimits = {
  maxSteps: 6,
  maxCalls: 10,
  maxInputTokens: 200_000,
  maxOutputTokens: 8_000,
  timeoutMs: 15_000,
};

export const TEST_PRICE = { inputPerMillion: 0.15, outputPerMillion: 0.6 };

export interface CaseRun {
  incidentId: string;
  rca: RcaDocument;
  markdown: string;
  audit: Array<{ type: string; data: Record<string, unknown> }>;
  usage: IncidentModelUsage[];
}

/**
 * Stores the case's alert as an incident and runs the real investigation graph on the case's
 * replay sources: deterministic only, or with the model reasoner on LangChain's real OpenAI client
 * pointed at the fake server, its usage recorded in this database.
 */
export async function investigateCase(
  database: OpenedDatabase,
  replayCase: ReplayCase,
  model?: { fake: FakeOpenAi; limits?: Partial<ReasoningLimits>; tracer?: Tracer },
): Promise<CaseRun> {
  const clock = fixedClock(new Date(replayCase.now));
  const sources = createReplaySources(replayCase);
  const incidentId = await storeIncidentFromCase(database.db, replayCase);
  const reason = model
    ? createModelReasoner({
        model: createChatModel({
          provider: "openai",
          model: "gpt-4o-mini",
          baseUrl: model.fake.baseUrl,
          apiKey: "sk-test-not-a-real-key",
          limits: { ...TEST_LIMITS, ...model.limits },
          temperature: 0,
          price: TEST_PRICE,
        }),
        limits: { ...TEST_LIMITS, ...model.limits },
        usage: createModelUsageRecorder(database.db),
        ...(model.tracer ? { tracer: model.tracer } : {}),
      })
    : undefined;
  const { investigate } = createInvestigation({
    repository: createInvestigationRepository(database.db),
    checkpointer: await createCheckpointer(database.pool),
    contextFor: () => ({ sources, clock }),
    runbooks: await loadRunbooks(RUNBOOKS),
    policy: DEFAULT_MITIGATION_POLICY,
    clock,
    deadlineMs: 20_000,
    ...(reason ? { reason } : {}),
  });
  await investigate(incidentId);
  const detail = await createIncidentQueries(database.db).get(incidentId);
  if (!detail?.rca) throw new Error(`incident ${incidentId} has no RCA`);
  return {
    incidentId,
    rca: detail.rca,
    markdown: renderRcaMarkdown(detail.rca),
    audit: detail.audit.map((event) => ({ type: event.type, data: event.data as Record<string, unknown> })),
    usage: await modelUsageOf(database.db, incidentId),
  };
}

export type PhaseScript = {
  followUp: (request: RecordedRequest, step: number) => FakeReply;
  critique: (request: RecordedRequest) => FakeReply;
  narrative: (request: RecordedRequest) => FakeReply;
};

/** A fake-model script by reasoning phase, told apart by what the request asks for. */
export function byPhase(script: PhaseScript) {
  let step = 0;
  return (request: RecordedRequest): FakeReply => {
    const last = request.body.messages.find((message) => message.role === "user");
    const text = typeof last?.content === "string" ? last.content : "";
    if (text.includes("Phase 2 of 3")) return script.critique(request);
    if (text.includes("Phase 3 of 3")) return script.narrative(request);
    return script.followUp(request, step++);
  };
}

/** The evidence ids the tool answers in a request returned (`Evidence <id>: ...`). */
export function toolEvidenceIds(request: RecordedRequest): string[] {
  return request.body.messages
    .filter((message) => message.role === "tool")
    .flatMap((message) => /^Evidence (ev-[a-z]+-[0-9a-f]+):/.exec(String(message.content))?.[1] ?? []);
}

/** A case with extra log lines (stream labels, seconds before `now`, line), as a recording would hold them. */
export function withLogLines(
  replayCase: ReplayCase,
  stream: Record<string, string>,
  lines: Array<[secondsBeforeNow: number, line: string]>,
): ReplayCase {
  const now = BigInt(Date.parse(replayCase.now)) * 1_000_000n;
  const values = lines.map(([before, line]): [string, string] => [
    String(now - BigInt(before) * 1_000_000_000n),
    line,
  ]);
  const logs = [...(replayCase.sources.logs ?? []), { stream, values }];
  return { ...replayCase, sources: { ...replayCase.sources, logs } };
}
