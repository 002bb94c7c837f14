import type { BaseChatModel } from "@langchain/core/language_models/chat_models";

/** USD per million tokens. */
export interface ModelPrice {
  inputPerMillion: number;
  outputPerMillion: number;
}

/**
 * A configured chat model as the reasoner sees it: which provider and model (for accounting and
 * spans), its price, and a way to get a LangChain chat model whose replies stop at a given number
 * of output tokens, so that no single call can overrun the investigation's output budget. Built by
 * `integrations/models/create-chat-model.ts`; tests point the real OpenAI client at a loopback fake.
 */
export interface ReasoningModel {
  provider: string;
  model: string;
  /** null: the price table does not know this model; its cost is counted as 0 and flagged unknown. */
  price: ModelPrice | null;
  chat(options: { maxOutputTokens: number; timeoutMs: number }): BaseChatModel;
}

/** Cost of one call in USD, rounded to a millionth of a dollar. */
export function costOf(price: ModelPrice | null, inputTokens: number, outputTokens: number): number {
  if (price === null) return 0;
  const usd = (inputTokens * price.inputPerMillion + outputTokens * price.outputPerMillion) / 1_000_000;
  return Math.round(usd * 1_000_000) / 1_000_000;
}
