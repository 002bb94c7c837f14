import { ChatAnthropic } from "@langchain/anthropic";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { ChatOllama } from "@langchain/ollama";
import { ChatOpenAI } from "@langchain/openai";
import type { ReasoningModel } from "../../src/agent/reasoning/reasoning-model.ts";
import type { ModelSettings } from "../../src/config/sections/model-section.ts";
import { priceOf } from "./prices.ts";

const OLLAMA_DEFAULT_URL = "http://127.0.0.1:11434";
// A local server (vLLM, LM Studio, Ollama's /v1, an Anthropic-compatible proxy) wants some key and checks none.
const NO_KEY = "not-needed";

export interface CreateChatModelOptions {
  /** Told once when the price table does not know the model. */
  warn?: (message: string, fields?: Record<string, unknown>) => void;
}

/**
 * The configured provider as a `ReasoningModel`: LangChain's own client for each (OpenAI chat
 * completions at any compatible base URL, Anthropic, Ollama), no retries (a failed call is
 * accounted once and the deterministic RCA stands), and the reply length capped per call.
 */
export function createChatModel(
  settings: ModelSettings,
  options: CreateChatModelOptions = {},
): ReasoningModel {
  const price = priceOf({
    provider: settings.provider,
    model: settings.model,
    override: settings.price,
    baseUrl: settings.baseUrl,
  });
  if (price === null) {
    options.warn?.("no price known for the model: its cost is counted as 0 and flagged unknown", {
      provider: settings.provider,
      model: settings.model,
    });
  }
  return {
    provider: settings.provider,
    model: settings.model,
    price,
    chat: ({ maxOutputTokens, timeoutMs }) => chatModelFor(settings, maxOutputTokens, timeoutMs),
  };
}

function chatModelFor(settings: ModelSettings, maxTokens: number, timeout: number): BaseChatModel {
  const common = { model: settings.model, temperature: settings.temperature, maxRetries: 0 };
  switch (settings.provider) {
    case "openai":
      return new ChatOpenAI({
        ...common,
        maxTokens,
        timeout,
        apiKey: settings.apiKey ?? NO_KEY,
        ...(settings.baseUrl !== null ? { configuration: { baseURL: settings.baseUrl } } : {}),
      });
    case "anthropic":
      return new ChatAnthropic({
        ...common,
        maxTokens,
        apiKey: settings.apiKey ?? NO_KEY,
        ...(settings.baseUrl !== null ? { anthropicApiUrl: settings.baseUrl } : {}),
        clientOptions: { timeout },
      });
    case "ollama":
      return new ChatOllama({
        ...common,
        numPredict: maxTokens,
        baseUrl: settings.baseUrl ?? OLLAMA_DEFAULT_URL,
      });
    default: {
      const unknown: never = settings.provider;
      throw new Error(`unknown model provider ${String(unknown)}`);
    }
  }
}
