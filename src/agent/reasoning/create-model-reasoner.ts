import type { Tracer } from "@opentelemetry/api";
import type { Evidence } from "../../domain/evidence.ts";
import type { FollowUpQuery, ModelReasoning, ReasoningFallback } from "../../domain/model-reasoning.ts";
import type { DataSources } from "../../ports/data-sources.ts";
import { vigilTracer } from "../../telemetry/vigil-tracer.ts";
import type { InvestigationStateUpdate, InvestigationStateValue } from "../state.ts";
import { createModelCaller } from "./call-model.ts";
import { caseFile, evidenceById, hypothesisId } from "./case-file.ts";
import { critiqueHypotheses } from "./critique-hypotheses.ts";
import { createFollowUpTools } from "./follow-up-tools.ts";
import { createModelBudget } from "./model-budget.ts";
import type { ModelUsageRecorder } from "./model-usage-recorder.ts";
import { quoteTelemetry } from "./quote-telemetry.ts";
import type { ReasoningModel } from "./reasoning-model.ts";
import { rerankHypotheses } from "./rerank-hypotheses.ts";
import { runFollowUpLoop } from "./run-follow-up-loop.ts";
import { writeNarrative } from "./write-narrative.ts";

/** Per-investigation limits (the `model:` section's `limits`). */
export interface ReasoningLimits {
  maxSteps: number;
  maxCalls: number;
  maxInputTokens: number;
  maxOutputTokens: number;
  /** Per model call and per tool call. */
  timeoutMs: number;
}

export interface ModelReasonerDeps {
  model: ReasoningModel;
  limits: ReasoningLimits;
  /** Default: Vigil's tracer (a no-op until telemetry is started). */
  tracer?: Tracer;
  usage?: ModelUsageRecorder;
  logger?: { warn(message: string, fields?: Record<string, unknown>): void };
}

const FOLLOW_UP_EVIDENCE_CHARS = 4_000;
const DEFAULT_LOOKBACK_SECONDS = 3_600;

/**
 * The graph's `reason` node with a model: the follow-up loop over read-only tools, a critique and
 * guarded re-rank of the deterministic hypotheses, and a narrative of cited claims. Every failure
 * (over budget, invalid output, provider down, nothing cited) is a value: the deterministic
 * hypotheses stand unchanged and `reasoning.fellBack` says why. The mitigation is never touched
 * here; `propose` derives it from whichever hypothesis ends up first, under the policy.
 */
export function createModelReasoner(deps: ModelReasonerDeps) {
  const { model, limits } = deps;
  const tracer = deps.tracer ?? vigilTracer;

  const safely = async (what: string, incidentId: string, work: () => Promise<void> | undefined) => {
    try {
      await work();
    } catch (error) {
      deps.logger?.warn(`could not record ${what}`, { incidentId, error });
    }
  };

  return async function reason(
    state: InvestigationStateValue,
    sources: DataSources,
  ): Promise<InvestigationStateUpdate> {
    const incidentId = state.incidentId;
    const caller = createModelCaller({
      model,
      budget: createModelBudget(limits),
      timeoutMs: limits.timeoutMs,
      tracer,
      incidentId,
      onCall: (call) => safely("a model call", incidentId, () => deps.usage?.recordCall(incidentId, call)),
    });
    const known = evidenceById(state);
    let followUps: FollowUpQuery[] = [];
    let droppedClaims = 0;

    const finish = async (reasoning: ModelReasoning, update: InvestigationStateUpdate = {}) => {
      await safely("the model reasoning", incidentId, () =>
        deps.usage?.recordReasoning(incidentId, reasoning),
      );
      if (reasoning.fellBack !== undefined) {
        deps.logger?.warn("model reasoning not used; the deterministic analysis stands", {
          incidentId,
          fellBack: reasoning.fellBack,
          detail: reasoning.fellBackDetail,
        });
      }
      return { ...update, reasoning };
    };
    const fallBack = (fellBack: ReasoningFallback, detail: string) =>
      finish({
        provider: model.provider,
        model: model.model,
        narrative: "",
        claims: [],
        droppedClaims,
        usage: caller.usage(),
        fellBack,
        fellBackDetail: detail,
        followUps,
      });

    const followUp = await runFollowUpLoop({
      caller,
      caseFile: caseFile(state),
      maxSteps: limits.maxSteps,
      runTool: createFollowUpTools({
        sources,
        window: { start: state.scope?.window.start ?? state.now - DEFAULT_LOOKBACK_SECONDS, end: state.now },
        known,
        timeoutMs: limits.timeoutMs,
      }),
    });
    followUps = followUp.followUps;
    if (!followUp.ok) return fallBack(followUp.fallback, followUp.detail);

    const knownIds = new Set([...known.keys(), ...followUp.evidence.map((item) => item.id)]);
    const context = `${caseFile(state)}\n\n${followUpSection(followUp.evidence)}`;
    const critique = await critiqueHypotheses({
      caller,
      context,
      hypotheses: state.hypotheses,
      known: knownIds,
    });
    if (!critique.ok) return fallBack(critique.fallback, critique.detail);
    droppedClaims += critique.dropped;

    const rerank = rerankHypotheses(state.hypotheses, critique.order, critique.supported);
    const order = rerank.hypotheses.map((hypothesis) => hypothesisId(state.hypotheses.indexOf(hypothesis)));
    const narrative = await writeNarrative({
      caller,
      context: `${context}\n\n## Your critique, as kept\n${quoteTelemetry("critique", critique.critique)}`,
      order,
      known: knownIds,
    });
    if (!narrative.ok) return fallBack(narrative.fallback, narrative.detail);
    droppedClaims += narrative.dropped;
    if (narrative.claims.length === 0) {
      return fallBack("no-cited-claims", `all ${narrative.dropped} claims lacked valid evidence ids`);
    }

    return finish(
      {
        provider: model.provider,
        model: model.model,
        narrative: narrative.claims.map((claim) => claim.text).join(" "),
        claims: narrative.claims,
        droppedClaims,
        usage: caller.usage(),
        followUps,
        evidence: followUp.evidence,
        critique: critique.critique,
        reranked: rerank.reranked,
        ...(rerank.refused !== undefined ? { rerankRefused: rerank.refused } : {}),
      },
      rerank.reranked ? { hypotheses: rerank.hypotheses } : {},
    );
  };
}

export type ModelReasoner = ReturnType<typeof createModelReasoner>;

function followUpSection(evidence: Evidence[]): string {
  if (evidence.length === 0) return "## Evidence your follow-up read\nNone.";
  const blocks = evidence.map((item) =>
    quoteTelemetry(
      item.id,
      { id: item.id, query: item.query, summary: item.summary, data: item.data },
      FOLLOW_UP_EVIDENCE_CHARS,
    ),
  );
  return `## Evidence your follow-up read\n${blocks.join("\n")}`;
}
