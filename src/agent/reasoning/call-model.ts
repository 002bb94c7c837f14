import type { ToolDefinition } from "@langchain/core/language_models/base";
import {
  AIMessage,
  type BaseMessage,
  HumanMessage,
  SystemMessage,
  ToolMessage,
} from "@langchain/core/messages";
import { SpanKind, SpanStatusCode, type Tracer } from "@opentelemetry/api";
import type { ModelCallUsage, ModelUsage } from "../../domain/model-reasoning.ts";
import type { ChatTurn, ToolCallRequest } from "./chat-turn.ts";
import { estimateTokens, type ModelBudget } from "./model-budget.ts";
import { costOf, type ReasoningModel } from "./reasoning-model.ts";
import { redactSecrets } from "./redact-secrets.ts";

export type ModelPhase = ModelCallUsage["phase"];

export type ModelCallResult =
  | { ok: true; text: string; toolCalls: ToolCallRequest[] }
  | { ok: false; fallback: "budget" | "provider-error"; detail: string };

export interface ModelCallerDeps {
  model: ReasoningModel;
  budget: ModelBudget;
  timeoutMs: number;
  tracer: Tracer;
  incidentId: string;
  /** Accounts one finished call (usage row, audit event); must not throw. */
  onCall: (usage: ModelCallUsage) => Promise<void>;
}

/**
 * The one way the reasoner reaches a model. Every call passes here, so this is where the rules
 * hold: all text is redacted right before it leaves the process, the budget grants the call (or
 * refuses it), the reply length is capped, one OpenTelemetry span with the GenAI attributes
 * records it, and its tokens and cost are accounted whether it succeeded or not.
 */
export function createModelCaller(deps: ModelCallerDeps) {
  const { model, budget } = deps;
  let costUsd = 0;

  async function call(
    phase: ModelPhase,
    turns: ChatTurn[],
    options: { tools?: ToolDefinition[]; wantedOutputTokens: number },
  ): Promise<ModelCallResult> {
    const messages = turns.map(toMessage);
    const promptChars =
      messages.reduce((sum, message) => sum + textOf(message.content).length, 0) +
      JSON.stringify(options.tools ?? []).length;
    const estimatedInput = estimateTokens(promptChars);
    const grant = budget.grant(estimatedInput, options.wantedOutputTokens);
    if (!grant.ok) return { ok: false, fallback: "budget", detail: grant.reason };

    const span = deps.tracer.startSpan(`chat ${model.model}`, {
      kind: SpanKind.CLIENT,
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": model.provider,
        "gen_ai.request.model": model.model,
        "gen_ai.request.max_tokens": grant.maxOutputTokens,
        "vigil.incident.id": deps.incidentId,
        "vigil.reasoning.phase": phase,
      },
    });
    const started = performance.now();
    try {
      const chat = model.chat({ maxOutputTokens: grant.maxOutputTokens, timeoutMs: deps.timeoutMs });
      const runnable = options.tools && options.tools.length > 0 ? bindTools(chat, options.tools) : chat;
      const reply = await runnable.invoke(messages, { signal: AbortSignal.timeout(deps.timeoutMs) });
      const text = textOf(reply.content);
      const usage = AIMessage.isInstance(reply) ? reply.usage_metadata : undefined;
      const inputTokens = usage?.input_tokens ?? estimatedInput;
      const outputTokens = usage?.output_tokens ?? estimateTokens(text.length);
      span.setAttributes({
        "gen_ai.usage.input_tokens": inputTokens,
        "gen_ai.usage.output_tokens": outputTokens,
        ...responseAttributes(reply),
      });
      span.setStatus({ code: SpanStatusCode.OK });
      await account(phase, inputTokens, outputTokens, started, "ok");
      const overrun = budget.overrun();
      if (overrun !== null) return { ok: false, fallback: "budget", detail: overrun };
      return { ok: true, text, toolCalls: toolCallsOf(reply) };
    } catch (error) {
      const detail = redactSecrets(error instanceof Error ? error.message : String(error)).slice(0, 500);
      span.setStatus({ code: SpanStatusCode.ERROR, message: detail });
      span.setAttribute("error.type", error instanceof Error ? error.name : "Error");
      // A failed call still counts against the call limit; its tokens are unknown, so none are charged.
      await account(phase, 0, 0, started, "error", detail);
      return { ok: false, fallback: "provider-error", detail };
    } finally {
      span.end();
    }
  }

  async function account(
    phase: ModelPhase,
    inputTokens: number,
    outputTokens: number,
    started: number,
    outcome: "ok" | "error",
    error?: string,
  ): Promise<void> {
    budget.record(inputTokens, outputTokens);
    const cost = costOf(model.price, inputTokens, outputTokens);
    costUsd += cost;
    await deps.onCall({
      phase,
      provider: model.provider,
      model: model.model,
      inputTokens,
      outputTokens,
      costUsd: cost,
      costKnown: model.price !== null,
      durationMs: Math.round(performance.now() - started),
      outcome,
      ...(error !== undefined ? { error } : {}),
    });
  }

  function usage(): ModelUsage {
    const used = budget.used();
    return {
      calls: used.calls,
      inputTokens: used.inputTokens,
      outputTokens: used.outputTokens,
      costUsd: Math.round(costUsd * 1_000_000) / 1_000_000,
      costKnown: model.price !== null,
    };
  }

  return { call, usage, callsLeft: () => budget.callsLeft() };
}

export type ModelCaller = ReturnType<typeof createModelCaller>;

function bindTools(chat: ReturnType<ReasoningModel["chat"]>, tools: ToolDefinition[]) {
  if (typeof chat.bindTools !== "function") {
    throw new Error("the configured chat model cannot call tools");
  }
  return chat.bindTools(tools);
}

/** Redacted here, at the last moment, so no path around it reaches the provider. */
function toMessage(turn: ChatTurn): BaseMessage {
  const content = redactSecrets(turn.text);
  switch (turn.role) {
    case "system":
      return new SystemMessage({ content });
    case "user":
      return new HumanMessage({ content });
    case "assistant":
      return new AIMessage({
        content,
        tool_calls: turn.toolCalls.map((call) => ({ ...call, type: "tool_call" as const })),
      });
    case "tool":
      return new ToolMessage({ content, tool_call_id: turn.toolCallId });
    default: {
      const unknown: never = turn;
      throw new Error(`unknown chat turn ${JSON.stringify(unknown)}`);
    }
  }
}

function textOf(content: BaseMessage["content"]): string {
  if (typeof content === "string") return content;
  return content
    .map((part) => (part.type === "text" && typeof part.text === "string" ? part.text : ""))
    .join("");
}

function toolCallsOf(reply: BaseMessage): ToolCallRequest[] {
  if (!AIMessage.isInstance(reply)) return [];
  return (reply.tool_calls ?? []).map((call, index) => ({
    id: call.id ?? `call-${index}`,
    name: call.name,
    args: call.args ?? {},
  }));
}

function responseAttributes(reply: BaseMessage): Record<string, string | string[]> {
  const metadata = (reply.response_metadata ?? {}) as Record<string, unknown>;
  const attributes: Record<string, string | string[]> = {};
  const modelName = metadata.model_name ?? metadata.model;
  if (typeof modelName === "string") attributes["gen_ai.response.model"] = modelName;
  const finish = metadata.finish_reason ?? metadata.stop_reason;
  if (typeof finish === "string") attributes["gen_ai.response.finish_reasons"] = [finish];
  return attributes;
}
